package demo

// kind is a scenario: one way violations happen in Kenya, with the
// proportions of its parts. Proportions follow published patterns (Missing
// Voices, IMLU, IPOA reports): most police killings are shootings of young
// men in informal settlements in anti-crime operations; torture happens
// mostly on arrest and in police cells; disappearances cluster in
// counter-terrorism counties and, since 2024, around protests.
type kind struct {
	key       string
	types     []string // incident types always set
	extraType string   // a second type, set with probability extraP
	extraP    float64
	contexts  codes
	actType   string
	methods   codes
	statuses  codes
	services  table // over serviceCodes
	col       int   // county weights column
	maleP     float64
	ages      *ageTable
	multiP    float64 // share of incidents with 2-5 victims
	maxVict   int
	caseP     float64 // share of incidents that become a case file
	weight    int     // share of incidents in an ordinary year
}

// The kinds, indexed by these constants.
const (
	kKilling = iota
	kProtestKilling
	kProtestInjury
	kTorture
	kCIDT
	kArrest
	kDisappearance
	kCustodyDeath
	kSGBV
	kThreat
	numKinds
)

// ageTable draws ages in bands.
type ageTable struct {
	bands [][2]int
	t     table
}

func newAges(bands [][2]int, weights ...int) *ageTable {
	return &ageTable{bands: bands, t: newTable(weights...)}
}

var ageBands = [][2]int{{12, 17}, {18, 24}, {25, 34}, {35, 44}, {45, 64}, {65, 80}}

var (
	youngAges = newAges(ageBands, 8, 36, 38, 12, 6, 0)
	adultAges = newAges(ageBands, 4, 22, 33, 22, 16, 3)
)

var kinds = [numKinds]kind{
	kKilling: {key: "killing", types: []string{"extrajudicial_execution"}, extraType: "torture", extraP: 0.05,
		contexts: newCodes(w{"anti_crime", 78}, w{"other", 6}, w{"traffic", 4}, w{"counter_terrorism", 5},
			w{"domestic", 3}, w{"eviction", 2}, w{"protest", 2}),
		actType: "killing",
		methods: newCodes(w{"shooting", 82}, w{"beating", 7}, w{"stabbing", 2}, w{"strangulation", 2},
			w{"vehicle", 2}, w{"suffocation", 1}, w{"unknown", 4}),
		statuses: newCodes(w{"killed", 1}),
		services: newTable(55, 20, 12, 5, 2, 0, 1, 1, 4), col: wKill, maleP: 0.9, ages: youngAges,
		multiP: 0.07, maxVict: 4, caseP: 0.2, weight: 30},
	kProtestKilling: {key: "protest_killing", types: []string{"extrajudicial_execution", "excessive_force"},
		contexts: newCodes(w{"protest", 1}), actType: "killing",
		methods:  newCodes(w{"shooting", 88}, w{"beating", 6}, w{"tear_gas", 3}, w{"vehicle", 3}),
		statuses: newCodes(w{"killed", 1}),
		services: newTable(55, 12, 3, 22, 1, 0, 0, 0, 7), col: wProt, maleP: 0.88, ages: youngAges,
		multiP: 0.3, maxVict: 5, caseP: 0.2, weight: 4},
	kProtestInjury: {key: "protest_injury", types: []string{"excessive_force"}, extraType: "arbitrary_arrest", extraP: 0.15,
		contexts: newCodes(w{"protest", 1}), actType: "assault",
		methods:  newCodes(w{"shooting", 35}, w{"beating", 45}, w{"tear_gas", 20}),
		statuses: newCodes(w{"injured", 80}, w{"detained", 10}, w{"released", 10}),
		services: newTable(55, 12, 3, 22, 1, 0, 0, 0, 7), col: wProt, maleP: 0.8, ages: youngAges,
		multiP: 0.35, maxVict: 5, caseP: 0.15, weight: 7},
	kTorture: {key: "torture", types: []string{"torture"}, extraType: "arbitrary_arrest", extraP: 0.35,
		contexts: newCodes(w{"custody", 45}, w{"anti_crime", 35}, w{"counter_terrorism", 8}, w{"protest", 7}, w{"other", 5}),
		actType:  "torture",
		methods: newCodes(w{"beating", 60}, w{"stress_position", 8}, w{"electric_shock", 4}, w{"suffocation", 5},
			w{"burning", 4}, w{"sexual_violence", 4}, w{"strangulation", 2}, w{"other", 13}),
		statuses: newCodes(w{"released", 60}, w{"injured", 25}, w{"detained", 15}),
		services: newTable(58, 15, 13, 3, 3, 3, 3, 1, 1), col: wGen, maleP: 0.85, ages: adultAges,
		multiP: 0.06, maxVict: 4, caseP: 0.3, weight: 15},
	kCIDT: {key: "cidt", types: []string{"cidt"}, extraType: "arbitrary_arrest", extraP: 0.2,
		contexts: newCodes(w{"custody", 20}, w{"anti_crime", 20}, w{"eviction", 15}, w{"traffic", 15},
			w{"protest", 10}, w{"other", 15}, w{"domestic", 5}),
		actType:  "ill_treatment",
		methods:  newCodes(w{"beating", 80}, w{"tear_gas", 5}, w{"other", 15}),
		statuses: newCodes(w{"injured", 50}, w{"released", 40}, w{"unharmed", 10}),
		services: newTable(45, 15, 3, 5, 2, 2, 25, 3, 0), col: wGen, maleP: 0.75, ages: adultAges,
		multiP: 0.1, maxVict: 5, caseP: 0.15, weight: 6},
	kArrest: {key: "arrest", types: []string{"arbitrary_arrest"},
		contexts: newCodes(w{"anti_crime", 40}, w{"protest", 25}, w{"curfew", 5}, w{"traffic", 10},
			w{"other", 15}, w{"election", 5}),
		actType:  "arbitrary_detention",
		methods:  newCodes(w{"detention_incommunicado", 30}, w{"other", 50}, w{"beating", 20}),
		statuses: newCodes(w{"released", 70}, w{"detained", 30}),
		services: newTable(60, 15, 10, 3, 0, 0, 12, 0, 0), col: wGen, maleP: 0.8, ages: adultAges,
		multiP: 0.3, maxVict: 5, caseP: 0.08, weight: 10},
	kDisappearance: {key: "disappearance", types: []string{"enforced_disappearance"},
		contexts: newCodes(w{"counter_terrorism", 45}, w{"anti_crime", 40}, w{"protest", 10}, w{"other", 5}),
		actType:  "disappearance",
		methods:  newCodes(w{"abduction", 80}, w{"detention_incommunicado", 20}),
		statuses: newCodes(w{"missing", 50}, w{"found_dead", 30}, w{"found_alive", 20}),
		services: newTable(25, 8, 35, 5, 5, 0, 0, 0, 22), col: wDis, maleP: 0.92, ages: youngAges,
		multiP: 0.1, maxVict: 4, caseP: 0.35, weight: 7},
	kCustodyDeath: {key: "custody_death", types: []string{"death_in_custody"}, extraType: "torture", extraP: 0.3,
		contexts: newCodes(w{"custody", 1}), actType: "killing",
		methods: newCodes(w{"beating", 45}, w{"suffocation", 8}, w{"strangulation", 7}, w{"shooting", 10},
			w{"unknown", 30}),
		statuses: newCodes(w{"killed", 1}),
		services: newTable(82, 6, 0, 0, 0, 12, 0, 0, 0), col: wKill, maleP: 0.93, ages: adultAges,
		multiP: 0.02, maxVict: 2, caseP: 0.3, weight: 4},
	kSGBV: {key: "sgbv", types: []string{"sgbv"}, extraType: "torture", extraP: 0.2,
		contexts: newCodes(w{"custody", 40}, w{"protest", 15}, w{"eviction", 15}, w{"anti_crime", 15},
			w{"domestic", 10}, w{"other", 5}),
		actType:  "sexual_violence",
		methods:  newCodes(w{"sexual_violence", 1}),
		statuses: newCodes(w{"injured", 50}, w{"released", 50}),
		services: newTable(55, 20, 3, 8, 6, 6, 2, 0, 0), col: wGen, maleP: 0.1, ages: adultAges,
		multiP: 0.05, maxVict: 3, caseP: 0.45, weight: 5},
	kThreat: {key: "threat", types: []string{"threat_hrd"}, extraType: "arbitrary_arrest", extraP: 0.15,
		contexts: newCodes(w{"other", 40}, w{"protest", 25}, w{"election", 15}, w{"anti_crime", 20}),
		actType:  "threat",
		methods:  newCodes(w{"other", 1}),
		statuses: newCodes(w{"unharmed", 90}, w{"detained", 10}),
		services: newTable(40, 10, 25, 2, 0, 0, 3, 0, 20), col: wGen, maleP: 0.65, ages: adultAges,
		multiP: 0.05, maxVict: 3, caseP: 0.25, weight: 5},
}

// fatal reports whether a victim status means the victim is dead.
func fatal(status string) bool { return status == "killed" || status == "found_dead" }

// absent reports whether the victim cannot speak for themselves, so that a
// relative becomes the client.
func absent(status string) bool { return fatal(status) || status == "missing" }

// isProtest reports whether the kind belongs to protest policing, which
// clusters in election and protest years.
func (k *kind) isProtest() bool { return k.key == "protest_killing" || k.key == "protest_injury" }
