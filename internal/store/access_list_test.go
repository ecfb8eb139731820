package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A professional's incident list holds exactly the incidents of the cases
// they are assigned, whether it starts from those incidents (few) or walks
// every incident in date order (many), with and without filters.
func TestProfessionalIncidentList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		other := storetest.MustUser(t, s, "prof2", haki.RoleProfessional, "")
		tests := []struct {
			name  string
			who   *haki.User
			limit int // fewAssignedLimit
			f     haki.IncidentFilter
			want  []string
		}{
			{"few: from the assigned incidents", w.prof, 5000, haki.IncidentFilter{}, []string{w.incB.ID}},
			{"many: walking the dates", w.prof, 0, haki.IncidentFilter{}, []string{w.incB.ID}},
			{"few, filtered", w.prof, 5000, haki.IncidentFilter{CountyCode: "KE-047", Year: 2025}, []string{w.incB.ID}},
			{"few, filtered out", w.prof, 5000, haki.IncidentFilter{Year: 2024}, nil},
			{"none assigned", other, 5000, haki.IncidentFilter{}, nil},
			{"none assigned, walking", other, 0, haki.IncidentFilter{}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				defer store.SetFewAssignedLimit(tc.limit)()
				incs, next, err := s.FindIncidents(storetest.As(tc.who), tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, inc := range incs {
					got = append(got, inc.ID)
				}
				if len(got) != len(tc.want) || (len(got) == 1 && got[0] != tc.want[0]) || next != "" {
					t.Errorf("got %v (next %q), want %v", got, next, tc.want)
				}
			})
		}
	})
}
