package gatewayin

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/haki-kenya/haki/internal/i18n"
)

func mustMenu(tb testing.TB) *Menu {
	tb.Helper()
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	m, err := NewMenu(cat.T, "en", "sw")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// A session typed as on a phone, answer by answer, ends in the alert it
// confirmed, in either language, by number, page or name.
func TestMenuSessions(t *testing.T) {
	m := mustMenu(t)
	for _, tc := range []struct {
		name, text string
		want       *Alert // nil: the session goes on (or ends without one)
		end        bool
		shows      string // a line the last screen holds
	}{
		{"first screen", "", nil, false, "2 Kiswahili"},
		{"english what", "1", nil, false, "3 Shot"},
		{"kiswahili what", "2", nil, false, "3 Amepigwa risasi"},
		{"county by number", "1*3*42", nil, false, "1 Yes, call me"},
		{"confirm shows the choices", "1*3*42*1", nil, false, "Shot, Kisumu"},
		{"sent by number", "1*3*42*1*1", &Alert{Language: "en", What: "shot", CountyCode: "KE-042", CallBack: true}, true, ""},
		{"sent in kiswahili by name", "2*5*nairobi*2*1", &Alert{Language: "sw", What: "killed", CountyCode: "KE-047"}, true, ""},
		{"name with a dash and case", "1*1*ELGEYO marakwet*2*1", &Alert{Language: "en", What: "taken", CountyCode: "KE-028"}, true, ""},
		{"a word of the name", "1*2*taveta*2*1", &Alert{Language: "en", What: "beaten", CountyCode: "KE-006"}, true, ""},
		{"apostrophe dropped", "1*4*muranga*1*1", &Alert{Language: "en", What: "missing", CountyCode: "KE-021", CallBack: true}, true, ""},
		{"ambiguous name asks which", "1*3*kis", nil, false, "Which county?"},
		{"picked from the list", "1*3*kis*2*2*1", &Alert{Language: "en", What: "shot", CountyCode: "KE-045"}, true, ""},
		{"second page", "1*3*99", nil, false, "99 More"},
		{"picked from a later page by number", "1*3*99*99*30*2*1", &Alert{Language: "en", What: "shot", CountyCode: "KE-030"}, true, ""},
		{"back from page two to page one", "1*3*99*0", nil, false, "1 Mombasa"},
		{"back to what", "1*3*0", nil, false, "What happened?"},
		{"back to the language", "1*0", nil, false, "1 English"},
		{"change of mind at confirm", "1*3*42*1*0*2*1", &Alert{Language: "en", What: "shot", CountyCode: "KE-042"}, true, ""},
		{"back then the other language", "1*0*2*6*1*2*1", &Alert{Language: "sw", What: "other", CountyCode: "KE-001"}, true, ""},
		{"wrong choice kept on the screen", "1*9", nil, false, "That is not a choice here."},
		{"wrong then right", "1*9*3*42*2*1", &Alert{Language: "en", What: "shot", CountyCode: "KE-042"}, true, ""},
		{"unknown county", "1*3*atlantis", nil, false, "No county by that name."},
		{"county 48", "1*3*48", nil, false, "That is not a choice here."},
		{"too few letters", "1*3*ki", nil, false, "Type more of the name."},
		{"kiswahili notice", "2*9", nil, false, "Hilo si chaguo hapa."},
		{"cancel", "1*3*42*1*2", nil, true, "Nothing was sent."},
		{"empty answer", "1**3", nil, false, "Which county?"},
		{"answers after the end", "1*3*42*1*1*1", nil, true, "too long"},
		{"too many answers", strings.Repeat("1*0*", 16), nil, true, "too long"},
		{"welcome again on a wrong first answer", "7", nil, false, "1 English"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := m.Answer(tc.text)
			if s.End != tc.end {
				t.Errorf("end = %v, want %v; screen %q", s.End, tc.end, s.Text)
			}
			switch {
			case tc.want == nil && s.Alert != nil:
				t.Errorf("alert %+v, want none", *s.Alert)
			case tc.want != nil && (s.Alert == nil || *s.Alert != *tc.want):
				t.Errorf("alert %+v, want %+v", s.Alert, *tc.want)
			}
			if !strings.Contains(s.Text, tc.shows) {
				t.Errorf("screen %q lacks %q", s.Text, tc.shows)
			}
		})
	}
}

// Every screen a session can reach, in both languages, with or without a
// notice, fits a phone's screen, speaks no raw message key, and every
// choice it lists leads somewhere.
func TestMenuScreensFit(t *testing.T) {
	m := mustMenu(t)
	seen := map[string]bool{}
	queue := []string{""}
	inputs := []string{"1", "2", "3", "4", "5", "6", "7", "9", "99", "0", "47", "kis", "nairobi", "zzz", "bo"}
	screens := 0
	for len(queue) > 0 {
		text := queue[0]
		queue = queue[1:]
		s := m.Answer(text)
		screens++
		if n := utf8.RuneCountInString(s.Text); n > MaxScreen {
			t.Errorf("%q: screen of %d characters:\n%s", text, n, s.Text)
		}
		if s.Alert != nil {
			continue // the caller shows Thanks once the alert is stored
		}
		if strings.Contains(s.Text, "gateway.") || strings.Contains(s.Text, "%!") || strings.TrimSpace(s.Text) == "" {
			t.Errorf("%q: screen %q", text, s.Text)
		}
		if s.End || strings.Count(text, "*") >= 7 || seen[s.Text] {
			continue
		}
		seen[s.Text] = true
		for _, in := range inputs {
			queue = append(queue, strings.TrimPrefix(text+"*"+in, "*"))
		}
	}
	if len(seen) < 40 {
		t.Errorf("only %d distinct screens reached in %d steps; is the walk broken?", len(seen), screens)
	}
}

// The county list pages hold all 47 counties once, in order, in both languages.
func TestMenuCountyPages(t *testing.T) {
	m := mustMenu(t)
	for lang, pages := range m.pages {
		next := 0
		for _, p := range pages {
			if p[0] != next || p[1] <= p[0] {
				t.Fatalf("%s: pages %v", lang, pages)
			}
			next = p[1]
		}
		if next != 47 || len(m.counties) != 47 {
			t.Fatalf("%s: pages end at %d of %d counties", lang, next, len(m.counties))
		}
	}
}

func TestLanguageOf(t *testing.T) {
	for text, want := range map[string]string{"": "en", "1": "en", "2": "sw", "2*3*4": "sw", " 2 *1": "sw", "3": "en"} {
		if got := LanguageOf(text); got != want {
			t.Errorf("LanguageOf(%q) = %q, want %q", text, got, want)
		}
	}
}
