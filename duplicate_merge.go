package haki

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FieldDiff is one mergeable field of two records side by side: their
// values as shown, and whether they differ (a merge then asks which to keep).
type FieldDiff struct {
	Field   string `json:"field"`
	First   string `json:"first"`
	Second  string `json:"second"`
	Differs bool   `json:"differs"`
}

// PersonDiff lists the mergeable fields of two persons.
func PersonDiff(a, b *Person) []FieldDiff {
	return diffFields(PersonMergeFields, func(p *Person) map[string]string {
		age := ""
		if p.EstimatedAge != nil {
			age = strconv.Itoa(*p.EstimatedAge)
		}
		died := ""
		if p.Deceased {
			died = strings.TrimSpace("yes " + p.DeceasedOn.String())
		}
		return map[string]string{"full_name": p.FullName, "sex": p.Sex, "birth_date": p.BirthDate.String(), "estimated_age": age,
			"national_id": p.NationalID, "phone": p.Phone, "county_code": strings.Trim(p.CountyCode+" "+p.SubCountyCode, " "),
			"occupation": p.Occupation, "disability": p.Disability, "next_of_kin": p.NextOfKin, "deceased": died, "notes": p.Notes}
	}, a, b)
}

// IncidentDiff lists the mergeable fields of two incidents.
func IncidentDiff(a, b *Incident) []FieldDiff {
	return diffFields(IncidentMergeFields, func(i *Incident) map[string]string {
		coords := ""
		if i.Latitude != nil && i.Longitude != nil {
			coords = fmt.Sprintf("%.5f, %.5f", *i.Latitude, *i.Longitude)
		}
		return map[string]string{"title": i.Title, "occurred": i.Occurred.String(), "county_code": strings.Trim(i.CountyCode+" "+i.SubCountyCode, " "),
			"place_name": i.PlaceName, "coordinates": coords, "context": i.Context, "narrative": i.Narrative, "verification": i.Verification}
	}, a, b)
}

func diffFields[T any](fields []string, values func(T) map[string]string, a, b T) []FieldDiff {
	va, vb := values(a), values(b)
	out := make([]FieldDiff, len(fields))
	for i, f := range fields {
		out[i] = FieldDiff{Field: f, First: va[f], Second: vb[f], Differs: va[f] != vb[f]}
	}
	return out
}

// MergedPerson returns the survivor as a merge leaves it: its own values,
// but those of the fields in take from merged. The survivor keeps every
// name it did not keep as another name, so a search by either finds it.
func MergedPerson(survivor, merged *Person, take []string) *Person {
	out := *survivor
	for _, f := range take {
		switch f {
		case "full_name":
			out.FullName = merged.FullName
		case "sex":
			out.Sex = merged.Sex
		case "birth_date":
			out.BirthDate = merged.BirthDate
		case "estimated_age":
			out.EstimatedAge = merged.EstimatedAge
		case "national_id":
			out.NationalID = merged.NationalID
		case "phone":
			out.Phone = merged.Phone
		case "county_code":
			out.CountyCode, out.SubCountyCode = merged.CountyCode, merged.SubCountyCode
		case "occupation":
			out.Occupation = merged.Occupation
		case "disability":
			out.Disability = merged.Disability
		case "next_of_kin":
			out.NextOfKin = merged.NextOfKin
		case "deceased":
			out.Deceased, out.DeceasedOn = merged.Deceased, merged.DeceasedOn
		case "notes":
			out.Notes = merged.Notes
		}
	}
	var names []string
	for _, n := range slices.Concat([]string{survivor.FullName}, survivor.OtherNames, []string{merged.FullName}, merged.OtherNames) {
		if n != "" && !strings.EqualFold(n, out.FullName) && !slices.ContainsFunc(names, func(o string) bool { return strings.EqualFold(o, n) }) {
			names = append(names, n)
		}
	}
	out.OtherNames = names
	return &out
}

// MergedIncident returns the survivor incident as a merge leaves it: its
// own values but those of the fields in take from merged, and the types of
// both.
func MergedIncident(survivor, merged *Incident, take []string) *Incident {
	out := *survivor
	for _, f := range take {
		switch f {
		case "title":
			out.Title = merged.Title
		case "occurred":
			out.Occurred = merged.Occurred
		case "county_code":
			out.CountyCode, out.SubCountyCode = merged.CountyCode, merged.SubCountyCode
		case "place_name":
			out.PlaceName = merged.PlaceName
		case "coordinates":
			out.Latitude, out.Longitude = merged.Latitude, merged.Longitude
		case "context":
			out.Context = merged.Context
		case "narrative":
			out.Narrative = merged.Narrative
		case "verification":
			out.Verification = merged.Verification
		}
	}
	out.Types = slices.Clone(survivor.Types)
	for _, t := range merged.Types {
		if !slices.Contains(out.Types, t) {
			out.Types = append(out.Types, t)
		}
	}
	return &out
}
