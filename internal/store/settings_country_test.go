package store_test

import (
	"os"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestAnyCountry loads the United States' states into a fresh store,
// chooses the country, and records incidents there, batch and single.
func TestAnyCountry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		f, err := os.Open("../../examples/gazetteer/us-states.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		places, err := gazetteer.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		// A boundary for one state, to check coordinates against.
		places[len(places)-1].Boundary = `{"type":"Polygon","coordinates":[[[-111.05,41],[-104.05,41],[-104.05,45],[-111.05,45],[-111.05,41]]]}`
		if c, err := s.Country(dm); err != nil || c != haki.DefaultCountry {
			t.Fatalf("country before: %q %v", c, err)
		}
		if err := s.SetCountry(admin, "US"); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("a country without places chosen: %v", err)
		}
		if err := s.LoadPlaces(admin, places); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCountry(dm, "US"); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("a data manager chose the country: %v", err)
		}
		if err := s.SetCountry(admin, "US"); err != nil {
			t.Fatal(err)
		}
		states, err := s.FindPlaces(dm, "", 1, "")
		if err != nil || len(states) != 51 {
			t.Fatalf("%d states, %v", len(states), err)
		}
		if kenya, err := s.FindPlaces(dm, haki.DefaultCountry, 1, ""); err != nil || len(kenya) != 47 {
			t.Errorf("%d counties of Kenya, %v", len(kenya), err)
		}

		b := storetest.Batch("us-list", 3)
		lat, lon := 43.0, -107.5
		b.Incidents[0].Incident.CountyCode = "US-WY"
		b.Incidents[0].Incident.Latitude, b.Incidents[0].Incident.Longitude = &lat, &lon
		b.Incidents[1].Incident.CountyCode = "US-CA"
		b.Incidents[2].Incident.CountyCode = "US-WY"
		outLat := 34.0
		b.Incidents[2].Incident.Latitude, b.Incidents[2].Incident.Longitude = &outLat, &lon
		res, err := s.ApplyBatch(dm, b, store.BatchOptions{ValidOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 2 || res.Rows[2].Problems["incident.latitude"] != "The coordinates are outside the county." {
			t.Errorf("result %+v", res)
		}
		inc := &haki.Incident{Title: "Outside", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2020"), CountyCode: "US-WY",
			Latitude: &outLat, Longitude: &lon}
		if err := s.CreateIncident(dm, inc); haki.ErrorFields(err)["latitude"] == "" {
			t.Errorf("an incident outside its county recorded: %v", err)
		}
	})
}
