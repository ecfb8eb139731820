package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestVerifyDuty: only a data manager or an administrator verifies or
// publishes an incident, or takes that back; those who record incidents
// (caseworkers, monitors, on their own new incidents too) may move one only
// between the other statuses.
func TestVerifyDuty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		newInc := func(verification string, publishable bool) *haki.Incident {
			return &haki.Incident{Title: "Beating at the station", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-03-14"),
				CountyCode: "KE-047", Verification: verification, Publishable: publishable}
		}
		for _, role := range haki.Roles {
			if !role.Can(haki.PermIncidentWrite) {
				continue
			}
			ctx := storetest.As(storetest.MustUser(t, s, "u_"+string(role), role, ""))
			verifies := role.Can(haki.PermVerify)
			t.Run(string(role), func(t *testing.T) {
				check := func(what string, err error) {
					t.Helper()
					if verifies && err != nil {
						t.Errorf("%s: %v", what, err)
					} else if !verifies && (haki.ErrorCode(err) != haki.EFORBIDDEN || haki.ErrorMessage(err) != "Only a data manager or administrator can verify or publish an incident.") {
						t.Errorf("%s: %v, want forbidden", what, err)
					}
				}
				check("create verified", s.CreateIncident(ctx, newInc("verified", false)))
				check("create publishable", s.CreateIncident(ctx, newInc("verified", true)))
				// Their own new incident, unverified: theirs to edit, not to verify.
				own := newInc("", false)
				if err := s.CreateIncident(ctx, own); err != nil {
					t.Fatal(err)
				}
				own.Verification = "being_verified"
				if err := s.UpdateIncident(ctx, own); err != nil {
					t.Fatalf("to being verified: %v", err)
				}
				own.Verification = "disputed"
				if err := s.UpdateIncident(ctx, own); err != nil {
					t.Fatalf("to disputed: %v", err)
				}
				own.Verification = "verified"
				check("verify own", s.UpdateIncident(ctx, own))
				// Verified by a data manager: they may edit it, not un-verify or publish it.
				byDM := newInc("verified", false)
				if err := s.CreateIncident(dm, byDM); err != nil {
					t.Fatal(err)
				}
				if role == haki.RoleMonitor {
					return // a monitor sees only their own incidents
				}
				byDM.Title = "Beating at Kilimani station"
				if err := s.UpdateIncident(ctx, byDM); err != nil {
					t.Fatalf("edit a verified incident: %v", err)
				}
				pub := *byDM
				pub.Publishable = true
				check("publish", s.UpdateIncident(ctx, &pub))
				byDM.Version = pub.Version
				byDM.Verification = "disputed"
				check("un-verify", s.UpdateIncident(ctx, byDM))
			})
		}
	})
}
