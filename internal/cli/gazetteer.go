package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

// gazetteerCmd loads a country's places from a file (load FILE, CSV or
// GeoJSON, the format in internal/gazetteer/load.go and
// docs/OPERATIONS.md), optionally making it the organisation's country,
// or lists the places (list). Like user, it acts as the system; a load is
// audited.
func (m *Main) gazetteerCmd(ctx context.Context, args []string) error {
	usage := "gazetteer load FILE [--set-country] | list [--country XX] [--level 1|2]   [--data DIR | --database URL]"
	if len(args) == 0 || (args[0] != "load" && args[0] != "list") {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n", usage)
		return ErrUsage
	}
	action, args := args[0], args[1:]
	var cfg config.Config
	var setCountry bool
	var country string
	var level int
	fs := m.flags("gazetteer "+action, usage)
	m.dataFlags(fs, &cfg)
	var file string
	if action == "load" {
		fs.BoolVar(&setCountry, "set-country", false, "make the file's country the organisation's: the forms offer its places")
		var done bool
		var err error
		if file, done, err = parseFile(fs, args); done {
			return err
		}
	} else {
		fs.StringVar(&country, "country", "", "the country's two-letter code (default: the organisation's)")
		fs.IntVar(&level, "level", 1, "1 for the areas, 2 for the sub-areas")
		if done, err := parse(fs, args); done {
			return err
		}
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	if action == "list" {
		if country == "" {
			if country, err = s.Country(ctx); err != nil {
				return err
			}
		}
		places, err := s.FindPlaces(ctx, country, level, "")
		if err != nil {
			return err
		}
		for _, p := range places {
			fmt.Fprintf(m.Stdout, "%s\t%s\t%s\t%s\n", p.Code, p.Name, p.OfficialCode, p.ParentCode)
		}
		fmt.Fprintf(m.Stderr, "%d places of level %d in %s.\n", len(places), level, country)
		return nil
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	places, err := gazetteer.Parse(f)
	if err != nil {
		return err
	}
	if err := s.LoadPlaces(ctx, places); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Loaded %d places of %s.\n", len(places), places[0].Country)
	if setCountry {
		if err := s.SetCountry(ctx, places[0].Country); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s is now the organisation's country.\n", places[0].Country)
	}
	return nil
}
