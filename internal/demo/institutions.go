package demo

import (
	"math/rand/v2"

	"github.com/haki-kenya/haki"
)

// The services of the "service" vocabulary, in the order the tables below use.
const (
	svcKPS = iota
	svcAPS
	svcDCI
	svcGSU
	svcKDF
	svcPrisons
	svcCounty
	svcKWS
	svcUnknown
	numServices
)

var serviceCodes = [numServices]string{"kps", "aps", "dci", "gsu", "kdf", "prisons", "county_enforcement", "kws", "unknown"}

// serviceNames are used in narratives.
var serviceNames = [numServices]string{"Kenya Police Service", "Administration Police", "DCI", "General Service Unit",
	"Kenya Defence Forces", "Kenya Prisons Service", "county enforcement officers", "Kenya Wildlife Service", "unidentified officers"}

// unit is a named institution outside the per-county stations, with the
// years it existed where that matters (0 = always).
type unit struct {
	svc      int
	kind     string
	name     string
	county   int // official number
	from, to int
}

// units are public, well-known units, camps and prisons. The Special
// Service Unit was formed in 2019 and disbanded in 2024.
var units = []unit{
	{svcDCI, "unit", "Special Service Unit (DCI)", 47, 2019, 2024},
	{svcDCI, "unit", "Flying Squad (DCI)", 47, 0, 0},
	{svcDCI, "unit", "Anti-Terrorism Police Unit", 47, 0, 0},
	{svcDCI, "unit", "Anti-Terrorism Police Unit, Coast", 1, 0, 0},
	{svcDCI, "unit", "Serious Crimes Unit (DCI)", 47, 0, 0},
	{svcGSU, "unit", "GSU Recce Company", 47, 0, 0},
	{svcGSU, "camp", "GSU Headquarters, Ruaraka", 47, 0, 0},
	{svcGSU, "unit", "GSU Company, Garissa", 7, 0, 0},
	{svcGSU, "unit", "GSU Company, Kisumu", 42, 0, 0},
	{svcAPS, "unit", "Rapid Deployment Unit", 47, 0, 0},
	{svcAPS, "unit", "Rural Border Patrol Unit", 7, 0, 0},
	{svcAPS, "unit", "Anti-Stock Theft Unit", 30, 0, 0},
	{svcAPS, "unit", "Critical Infrastructure Protection Unit", 47, 0, 0},
	{svcKDF, "camp", "Kenya Army, Kahawa Garrison", 47, 0, 0},
	{svcKDF, "camp", "Kenya Navy, Manda Bay", 5, 0, 0},
	{svcKDF, "camp", "Kenya Army, Moi Barracks", 27, 0, 0},
	{svcKDF, "camp", "Kenya Army, Garissa", 7, 0, 0},
	{svcPrisons, "prison", "Kamiti Maximum Security Prison", 22, 0, 0},
	{svcPrisons, "prison", "Industrial Area Remand Prison", 47, 0, 0},
	{svcPrisons, "prison", "Shimo La Tewa Prison", 1, 0, 0},
	{svcPrisons, "prison", "Naivasha Maximum Security Prison", 32, 0, 0},
	{svcPrisons, "prison", "Kodiaga Prison", 42, 0, 0},
	{svcPrisons, "prison", "Eldoret Main Prison", 27, 0, 0},
	{svcPrisons, "prison", "Kakamega Main Prison", 37, 0, 0},
	{svcCounty, "unit", "Nairobi City County Inspectorate", 47, 0, 0},
	{svcCounty, "unit", "Mombasa County Enforcement", 1, 0, 0},
	{svcCounty, "unit", "Kisumu County Enforcement", 42, 0, 0},
	{svcCounty, "unit", "Nakuru County Enforcement", 32, 0, 0},
	{svcCounty, "unit", "Kiambu County Enforcement", 22, 0, 0},
	{svcKWS, "unit", "KWS Tsavo East", 6, 0, 0},
	{svcKWS, "unit", "KWS Meru National Park", 12, 0, 0},
	{svcKWS, "unit", "KWS Lamu", 5, 0, 0},
	{svcKWS, "unit", "KWS Nairobi National Park", 47, 0, 0},
}

// extraStations are police stations no place names as its own but which
// appear in reports.
var extraStations = []struct {
	county int
	name   string
}{
	{47, "Parklands Police Station"}, {47, "Gigiri Police Station"}, {47, "Capitol Hill Police Station"},
	{47, "Spring Valley Police Station"}, {47, "Kileleshwa Police Station"}, {47, "Muthaiga Police Station"},
	{47, "Kahawa Police Station"}, {1, "Makupa Police Station"}, {1, "Port Police Station"},
}

// mainStations overrides "<town> Police Station" where the main station has
// another name.
var mainStations = map[int]string{
	1: "Central Police Station Mombasa", 47: "Central Police Station (Nairobi)", 42: "Kisumu Central Police Station",
	32: "Nakuru Central Police Station", 45: "Kisii Central Police Station",
}

// nairobi is the index of Nairobi in countyTable.
const nairobi = 46

// inst is an institution as the generator uses it.
type inst struct {
	rec      *haki.Institution
	svc      int
	from, to int
}

// institutions holds every institution and indexes them for drawing.
type institutions struct {
	all       []inst
	main      []int                // per county: its main police station
	byName    map[string]int       // station name -> index, for places
	byCounty  [][numServices][]int // per county and service
	byService [numServices][]int
}

// add appends an institution unless one of that name exists, and returns its index.
func (is *institutions) add(r *rand.Rand, svc int, kind, name string, ci, from, to int, g *geography) int {
	if i, ok := is.byName[name]; ok {
		return i
	}
	rec := &haki.Institution{ID: uuid(r), ServiceCode: serviceCodes[svc], Kind: kind, Name: name,
		CountyCode: g.counties[ci].code, Version: 1}
	i := len(is.all)
	is.all = append(is.all, inst{rec: rec, svc: svc, from: from, to: to})
	is.byName[name] = i
	is.byCounty[ci][svc] = append(is.byCounty[ci][svc], i)
	is.byService[svc] = append(is.byService[svc], i)
	return i
}

// newInstitutions builds, for each county, its main police station, the
// stations its places name, an AP post and a DCI office; then the units.
func newInstitutions(r *rand.Rand, g *geography) *institutions {
	n := len(g.counties)
	is := &institutions{byName: map[string]int{}, main: make([]int, n), byCounty: make([][numServices][]int, n)}
	for ci := range g.counties {
		c := &g.counties[ci]
		name, ok := mainStations[c.num]
		if !ok {
			name = c.town + " Police Station"
		}
		is.main[ci] = is.add(r, svcKPS, "station", name, ci, 0, 0, g)
		for _, p := range c.places {
			if p.station != "" {
				is.add(r, svcKPS, "station", p.station, ci, 0, 0, g)
			}
		}
		is.add(r, svcAPS, "post", c.town+" AP Post", ci, 0, 0, g)
		is.add(r, svcDCI, "unit", "DCI "+c.town+" Office", ci, 0, 0, g)
	}
	for _, s := range extraStations {
		is.add(r, svcKPS, "station", s.name, s.county-1, 0, 0, g)
	}
	for _, u := range units {
		is.add(r, u.svc, u.kind, u.name, u.county-1, u.from, u.to, g)
	}
	return is
}

// pick returns an institution of the service for an incident in the county
// and year, or -1 when the service has none (unknown perpetrators). Police
// come mostly from the station covering the place, other services from the
// county when they are there and otherwise from their Nairobi headquarters.
func (is *institutions) pick(r *rand.Rand, svc, ci int, pl *place, year int) int {
	if svc == svcUnknown {
		return -1
	}
	if svc == svcKPS && chance(r, 0.75) {
		if pl.station != "" {
			return is.byName[pl.station]
		}
		return is.main[ci]
	}
	list := is.byCounty[ci][svc]
	if len(list) == 0 || chance(r, 0.15) {
		list = is.byCounty[nairobi][svc] // units deployed from headquarters
	}
	if len(list) == 0 {
		list = is.byService[svc]
	}
	for range 4 {
		i := oneOf(r, list)
		if in := &is.all[i]; in.from == 0 || (year >= in.from && year <= in.to) {
			return i
		}
	}
	return is.main[ci]
}
