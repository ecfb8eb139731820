// Package gazetteer holds the places Haki knows by default: Kenya's 47
// counties with their official codes (First Schedule of the Constitution,
// 001 Mombasa to 047 Nairobi City) and their sub-counties. The files beside
// this one are copies of ../shared/data/kenya-counties (see SOURCE.md there):
// the county table compiled from the Constitution, and the MIT-licensed
// sub-county list of Mondieki/kenya-counties-subcounties.
package gazetteer

import (
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/haki-kenya/haki"
)

//go:embed kenya_counties.csv
var countiesCSV string

//go:embed counties-subcounties.json
var subcountiesJSON []byte

// kisii fills a gap in the source list, which has none for Kisii: these are
// its nine sub-counties (the constituencies).
var kisii = []string{"Bobasi", "Bomachoge Borabu", "Bomachoge Chache", "Bonchari", "Kitutu Chache North",
	"Kitutu Chache South", "Nyaribari Chache", "Nyaribari Masaba", "South Mugirango"}

// kenya is Kenya's country code, the default country's.
const kenya = haki.DefaultCountry

// Kenya returns Kenya's counties (level 1) in code order, each followed by
// its sub-counties (level 2) in name order. County codes are KE-001 to
// KE-047; sub-county codes add a two-digit number, as KE-047-01.
func Kenya() ([]haki.Place, error) {
	rows, err := csv.NewReader(strings.NewReader(countiesCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: counties: %w", err)
	}
	var subs []struct {
		Code        int      `json:"code"`
		SubCounties []string `json:"sub_counties"`
	}
	if err := json.Unmarshal(subcountiesJSON, &subs); err != nil {
		return nil, fmt.Errorf("gazetteer: sub-counties: %w", err)
	}
	byCode := map[int][]string{}
	for _, s := range subs {
		byCode[s.Code] = s.SubCounties
	}
	var places []haki.Place
	for i, r := range rows[1:] {
		code := kenya + "-" + r[0]
		places = append(places, haki.Place{Code: code, Country: kenya, Level: 1, Name: displayCounty(r[2]), OfficialCode: r[0]})
		names := byCode[i+1]
		if len(names) == 0 && r[0] == "045" {
			names = kisii
		}
		for j, n := range names {
			places = append(places, haki.Place{Code: fmt.Sprintf("%s-%02d", code, j+1), Country: kenya, Level: 2,
				ParentCode: code, Name: tidy(n)})
		}
	}
	return places, nil
}

// corrections fixes misspellings in the source list, checked against the
// official sub-county names.
var corrections = map[string]string{
	"Genzw": "Ganze", "Mkurweni": "Mukurweini", "Namdi Hills": "Nandi Hills", "Unguja": "Ugunja", "Daadab": "Dadaab",
	"Kibwei West": "Kibwezi West", "Kimilil": "Kimilili", "Nambele": "Nambale",
}

// displayCounty turns the Constitution's "Taita/Taveta" into the usual "Taita-Taveta".
func displayCounty(s string) string { return strings.ReplaceAll(s, "/", "-") }

// tidy normalises the source's mixed spellings: "Baringo central" becomes
// "Baringo Central", "Isinya." becomes "Isinya", "Dagoretti North Sub County"
// becomes "Dagoretti North".
func tidy(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, " Sub County"), " Sub-County"), " Sub Count")
	words := strings.Fields(s)
	for i, w := range words {
		if len(w) > 2 || i == 0 {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	s = strings.Join(words, " ")
	if fixed, ok := corrections[s]; ok {
		return fixed
	}
	return s
}
