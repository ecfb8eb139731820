package demo

import (
	"slices"
	"testing"
)

// tally is what TestGenerateProportions measures of a run.
type tally struct {
	killings, nairobiKillings, maleKilled, shot, youngKilled int
	incidents, multi, disappearances, protests               int
	reusedPersons                                            int
	cases, sensitive, professionalCases                      int
	caseworkerCases, caseworkerSensitive, monitorIncidents   int
	closed, lost                                             int
}

func measure(rc *recorder) tally {
	var tl tally
	incidents := map[string]int{}
	for i, inc := range rc.incidents {
		incidents[inc.ID] = i
	}
	persons := map[string]int{}
	for i, p := range rc.persons {
		persons[p.ID] = i
	}
	seen := map[string]string{} // victim -> first incident
	reused := map[string]bool{}
	for _, a := range rc.acts {
		if first, ok := seen[a.VictimID]; ok && first != a.IncidentID {
			reused[a.VictimID] = true
		} else if !ok {
			seen[a.VictimID] = a.IncidentID
		}
		inc := rc.incidents[incidents[a.IncidentID]]
		if a.ActType != "killing" || !slices.Contains(inc.Types, "extrajudicial_execution") {
			continue
		}
		tl.killings++
		if inc.CountyCode == "KE-047" {
			tl.nairobiKillings++
		}
		if rc.persons[persons[a.VictimID]].Sex == "male" {
			tl.maleKilled++
		}
		if a.Method == "shooting" {
			tl.shot++
		}
		if a.VictimAge != nil && *a.VictimAge >= 18 && *a.VictimAge <= 34 {
			tl.youngKilled++
		}
	}
	tl.reusedPersons = len(reused)
	measureIncidents(rc, &tl)
	measureCases(rc, &tl)
	return tl
}

func measureIncidents(rc *recorder, tl *tally) {
	monitor := userID(rc, "monitor")
	for _, inc := range rc.incidents {
		tl.incidents++
		if inc.VictimCount > 1 {
			tl.multi++
		}
		if slices.Contains(inc.Types, "enforced_disappearance") {
			tl.disappearances++
		}
		if slices.Contains(inc.Types, "excessive_force") {
			tl.protests++
		}
		if inc.CreatedBy == monitor {
			tl.monitorIncidents++
		}
	}
}

func measureCases(rc *recorder, tl *tally) {
	cw, prof := userID(rc, "caseworker"), userID(rc, "professional")
	for _, c := range rc.cases {
		tl.cases++
		if c.Sensitive {
			tl.sensitive++
		}
		if slices.Contains(c.AssigneeIDs, prof) {
			tl.professionalCases++
		}
		if c.CaseworkerID == cw {
			tl.caseworkerCases++
			if c.Sensitive {
				tl.caseworkerSensitive++
			}
		}
		if c.Status == "closed" {
			tl.closed++
			if c.ClosureReason == "lost_to_follow_up" {
				tl.lost++
			}
		}
	}
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func TestGenerateProportions(t *testing.T) {
	rc, st := mustGenerate(t, 20000, 1, testNow)
	tl := measure(rc)
	t.Logf("stats %+v", st)
	t.Logf("tally %+v", tl)
	tests := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"Nairobi share of killings", share(tl.nairobiKillings, tl.killings), 0.30, 0.50},
		{"male share of those killed", share(tl.maleKilled, tl.killings), 0.80, 0.97},
		{"shooting share of killings", share(tl.shot, tl.killings), 0.70, 0.95},
		{"share of killed aged 18-34", share(tl.youngKilled, tl.killings), 0.50, 0.85},
		{"multi-victim incidents", share(tl.multi, tl.incidents), 0.08, 0.18},
		{"disappearances", share(tl.disappearances, tl.incidents), 0.05, 0.14},
		{"protest policing", share(tl.protests, tl.incidents), 0.05, 0.25},
		{"persons in two incidents", share(tl.reusedPersons, st.Persons), 0.003, 0.05},
		{"incidents with a case", share(tl.cases, tl.incidents), 0.15, 0.35},
		{"sensitive cases", share(tl.sensitive, tl.cases), 0.05, 0.2},
		{"closed cases", share(tl.closed, tl.cases), 0.5, 0.9},
		{"lost to follow-up of closed", share(tl.lost, tl.closed), 0.2, 0.4},
	}
	for _, tc := range tests {
		if tc.got < tc.min || tc.got > tc.max {
			t.Errorf("%s = %.3f, want %.2f-%.2f", tc.name, tc.got, tc.min, tc.max)
		}
	}
	counts := []struct {
		name string
		got  int
		min  int
	}{
		{"cases assigned to professional", tl.professionalCases, 20},
		{"cases of caseworker", tl.caseworkerCases, 20},
		{"sensitive cases of caseworker", tl.caseworkerSensitive, 1},
		{"incidents created by monitor", tl.monitorIncidents, 20},
	}
	for _, tc := range counts {
		if tc.got < tc.min {
			t.Errorf("%s = %d, want at least %d", tc.name, tc.got, tc.min)
		}
	}
}
