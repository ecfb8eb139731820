package gazetteer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// A gazetteer file is what an administrator loads for a country other
// than Kenya (haki gazetteer load, docs/OPERATIONS.md), in one of two
// formats, each place with:
//
//	country        ISO 3166-1 alpha-2 code, the same for every place: US
//	code           the place's code in Haki, unique: US-CA (ISO 3166-2 is a good choice)
//	name           its name: California
//	level          1 for the areas (counties, states), 2 for the sub-areas
//	parent         a sub-area's area's code, empty for an area
//	official_code  the code others know it by, optional: 06
//	boundary       its outline, optional: a GeoJSON Polygon or MultiPolygon
//
// CSV: a header row naming these columns (in any order; boundary and
// official_code may be left out), then one row per place, UTF-8.
// GeoJSON: a FeatureCollection whose features carry these as properties
// and the boundary as their geometry (null for none).

// MaxFileBytes bounds a gazetteer file.
const MaxFileBytes = 256 << 20

// MaxPlaces bounds the places of one file.
const MaxPlaces = 100000

// Parse reads a gazetteer file, CSV or GeoJSON (told by its first
// character: "{" is GeoJSON), and returns its places, areas before their
// sub-areas, checked: one country, unique codes, levels 1 and 2, each
// sub-area under an area of the file.
func Parse(r io.Reader) ([]haki.Place, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("gazetteer: the file is larger than %d bytes", MaxFileBytes)
	}
	var places []haki.Place
	if t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		places, err = parseGeoJSON(t)
	} else {
		places, err = parseCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return check(places)
}

func parseCSV(data []byte) ([]haki.Place, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"country", "code", "name", "level"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("gazetteer: the CSV header has no column %q (country, code, name, level, parent, official_code, boundary)", need)
		}
	}
	var places []haki.Place
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("gazetteer: CSV: %w", err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		level, err := strconv.Atoi(get("level"))
		if err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: level %q is not 1 or 2", line, get("level"))
		}
		places = append(places, haki.Place{Country: get("country"), Code: get("code"), Name: get("name"), Level: level,
			ParentCode: get("parent"), OfficialCode: get("official_code"), Boundary: get("boundary")})
		if len(places) > MaxPlaces {
			return nil, fmt.Errorf("gazetteer: more than %d places", MaxPlaces)
		}
	}
	return places, nil
}

func parseGeoJSON(data []byte) ([]haki.Place, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				Country      string          `json:"country"`
				Code         string          `json:"code"`
				Name         string          `json:"name"`
				Level        json.RawMessage `json:"level"`
				Parent       string          `json:"parent"`
				OfficialCode string          `json:"official_code"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("gazetteer: GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, errors.New("gazetteer: a GeoJSON gazetteer is a FeatureCollection")
	}
	if len(fc.Features) > MaxPlaces {
		return nil, fmt.Errorf("gazetteer: more than %d places", MaxPlaces)
	}
	var places []haki.Place
	for i, f := range fc.Features {
		pr := f.Properties
		level, err := strconv.Atoi(strings.Trim(string(pr.Level), `"`))
		if err != nil {
			return nil, fmt.Errorf("gazetteer: feature %d: level %s is not 1 or 2", i, pr.Level)
		}
		var boundary string
		if g := bytes.TrimSpace(f.Geometry); len(g) > 0 && string(g) != "null" {
			var buf bytes.Buffer
			if err := json.Compact(&buf, g); err != nil {
				return nil, fmt.Errorf("gazetteer: feature %d: geometry: %w", i, err)
			}
			boundary = buf.String()
		}
		places = append(places, haki.Place{Country: pr.Country, Code: strings.TrimSpace(pr.Code), Name: strings.TrimSpace(pr.Name), Level: level,
			ParentCode: strings.TrimSpace(pr.Parent), OfficialCode: strings.TrimSpace(pr.OfficialCode), Boundary: boundary})
	}
	return places, nil
}

// check checks the places of a file and orders the areas before the
// sub-areas.
func check(places []haki.Place) ([]haki.Place, error) {
	if len(places) == 0 {
		return nil, errors.New("gazetteer: the file has no places")
	}
	country := places[0].Country
	if !haki.ValidCountry(country) {
		return nil, fmt.Errorf("gazetteer: country %q is not a two-letter ISO 3166-1 code such as US", country)
	}
	codes := map[string]int{}
	for i, p := range places {
		switch {
		case p.Country != country:
			return nil, fmt.Errorf("gazetteer: place %d (%s) is in %q, not %q: load one country a file", i+1, p.Code, p.Country, country)
		case p.Code == "" || len(p.Code) > 50 || p.Name == "" || len(p.Name) > 200 || !haki.ValidText(p.Code) || !haki.ValidText(p.Name) || !haki.ValidText(p.OfficialCode):
			return nil, fmt.Errorf("gazetteer: place %d needs a code (at most 50 characters) and a name (at most 200)", i+1)
		case p.Level != 1 && p.Level != 2:
			return nil, fmt.Errorf("gazetteer: place %d (%s): level is 1 or 2", i+1, p.Code)
		case p.Level == 1 && p.ParentCode != "":
			return nil, fmt.Errorf("gazetteer: place %d (%s): an area of level 1 has no parent", i+1, p.Code)
		}
		if _, dup := codes[p.Code]; dup {
			return nil, fmt.Errorf("gazetteer: code %s is given twice", p.Code)
		}
		codes[p.Code] = p.Level
		if p.Boundary != "" {
			if _, err := haki.ParseBoundary(p.Boundary); err != nil {
				return nil, fmt.Errorf("gazetteer: place %d (%s): %s", i+1, p.Code, haki.ErrorMessage(err))
			}
		}
	}
	var areas, subs []haki.Place
	for i, p := range places {
		if p.Level == 1 {
			areas = append(areas, p)
			continue
		}
		if codes[p.ParentCode] != 1 {
			return nil, fmt.Errorf("gazetteer: place %d (%s): its parent %q is not an area of level 1 in the file", i+1, p.Code, p.ParentCode)
		}
		subs = append(subs, p)
	}
	return append(areas, subs...), nil
}
