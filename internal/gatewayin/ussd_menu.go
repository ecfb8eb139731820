package gatewayin

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxScreen is the most characters a USSD screen may hold here. Networks
// cut a screen at about 182; 160 leaves room for the "CON " and for
// phones that show less.
const MaxScreen = 160

// maxAnswers bounds a session: the longest honest path (a few pages of
// counties and some back steps) is far shorter.
const maxAnswers = 30

// Whats are the codes of the alert kinds, in the order the menu offers them.
var Whats = []string{"taken", "beaten", "shot", "missing", "killed", "other"}

// Translator returns the message for key in lang (i18n.Catalog.T).
type Translator func(lang, key string, args ...any) string

// Alert is what a confirmed USSD session reports.
type Alert struct {
	Language   string // "en" or "sw"
	What       string // one of Whats
	CountyCode string // "KE-001" to "KE-047"
	CallBack   bool   // the caller asked to be called back on their number
}

// Screen is the answer to one step: the text the phone shows and whether
// the session ends there. Alert is set on the screen where the caller
// confirmed; the caller of Answer stores it, then shows Thanks.
type Screen struct {
	Text  string
	End   bool
	Alert *Alert
}

// String is the screen as the gateway takes it: "CON " or "END " and the text.
func (s Screen) String() string {
	if s.End {
		return "END " + s.Text
	}
	return "CON " + s.Text
}

// The steps of the menu.
type step int

const (
	stepLang     step = iota // English or Kiswahili
	stepWhat                 // what happened
	stepCounty               // a page of counties, or a name or number typed
	stepPick                 // which of the counties a name matched
	stepCallBack             // call back or not
	stepConfirm              // send or cancel
)

// state is where a session stands after some answers.
type state struct {
	step     step
	lang     string
	what     string
	county   int   // index in Menu.counties + 1; 0 for none yet
	page     int   // of the county list
	picks    []int // counties a typed name matched
	callBack bool
}

// Menu is the USSD menu: a pure function of the text typed so far, so a
// session needs no memory on the server. "0" goes back a screen.
type Menu struct {
	t        Translator
	counties []County
	pages    map[string][][2]int // per language, the counties each page lists: [from, to)
}

// NewMenu returns the menu, speaking through t in the languages given.
func NewMenu(t Translator, langs ...string) (*Menu, error) {
	counties, err := Counties()
	if err != nil {
		return nil, err
	}
	m := &Menu{t: t, counties: counties, pages: map[string][][2]int{}}
	for _, lang := range langs {
		m.pages[lang] = m.paginate(lang)
	}
	return m, nil
}

// Answer returns the screen after the answers in text ("" when the session
// starts, then the answers joined by "*").
func (m *Menu) Answer(text string) Screen {
	var answers []string
	if text != "" {
		answers = strings.Split(text, "*")
	}
	cur := state{lang: "en"}
	if len(answers) > maxAnswers {
		return m.end(cur.lang, "gateway.ussd.too_long")
	}
	var history []state
	notice := ""
	for i, a := range answers {
		a = strings.TrimSpace(a)
		if a == "0" && len(history) > 0 {
			cur, history, notice = history[len(history)-1], history[:len(history)-1], ""
			continue
		}
		next, done, why := m.apply(cur, a)
		switch {
		case done != nil && i < len(answers)-1:
			return m.end(cur.lang, "gateway.ussd.too_long") // answers after the end: not a real session
		case done != nil:
			return *done
		case why != "":
			notice = why
		default:
			history, cur, notice = append(history, cur), next, ""
		}
	}
	return m.render(cur, notice)
}

// Thanks is the last screen of a session whose alert was stored as ref.
func (m *Menu) Thanks(lang, ref string) Screen {
	return Screen{Text: m.t(lang, "gateway.ussd.thanks", ref), End: true}
}

// Unavailable ends a session that could not be served (the store failed,
// or the phone has tried too often).
func (m *Menu) Unavailable(lang, key string) Screen { return m.end(lang, key) }

// LanguageOf returns the language a session's text chose, "en" before a choice.
func LanguageOf(text string) string {
	first, _, _ := strings.Cut(text, "*")
	if strings.TrimSpace(first) == "2" {
		return "sw"
	}
	return "en"
}

func (m *Menu) end(lang, key string) Screen { return Screen{Text: m.t(lang, key), End: true} }

// apply takes one answer at a state: the next state, or the session's end,
// or the key of a notice saying why the answer was not taken.
func (m *Menu) apply(s state, a string) (next state, done *Screen, why string) {
	const invalid = "gateway.ussd.invalid"
	n, numErr := strconv.Atoi(a)
	if numErr != nil || strings.HasPrefix(a, "+") || strings.HasPrefix(a, "-") {
		n = -1
	}
	switch s.step {
	case stepLang:
		if n == 1 || n == 2 {
			s.lang, s.step = []string{"en", "sw"}[n-1], stepWhat
			return s, nil, ""
		}
	case stepWhat:
		if n >= 1 && n <= len(Whats) {
			s.what, s.step, s.page = Whats[n-1], stepCounty, 0
			return s, nil, ""
		}
	case stepCounty:
		pages := m.pages[s.lang]
		switch {
		case a == "99" && s.page+1 < len(pages):
			s.page++
			return s, nil, ""
		case n >= 1 && n <= len(m.counties):
			s.county, s.step = n, stepCallBack
			return s, nil, ""
		case n < 0:
			return m.typedCounty(s, a)
		}
	case stepPick:
		if n >= 1 && n <= len(s.picks) {
			s.county, s.step, s.picks = s.picks[n-1]+1, stepCallBack, nil
			return s, nil, ""
		}
	case stepCallBack:
		if n == 1 || n == 2 {
			s.callBack, s.step = n == 1, stepConfirm
			return s, nil, ""
		}
	case stepConfirm:
		switch n {
		case 1:
			c := m.counties[s.county-1]
			return s, &Screen{End: true, Alert: &Alert{Language: s.lang, What: s.what, CountyCode: c.Code, CallBack: s.callBack}}, ""
		case 2:
			sc := m.end(s.lang, "gateway.ussd.cancelled")
			return s, &sc, ""
		}
	}
	return s, nil, invalid
}

// typedCounty takes a county's name, or the start of one of its words.
func (m *Menu) typedCounty(s state, a string) (state, *Screen, string) {
	found := MatchCounty(m.counties, a)
	switch letters := len(fold(a)); {
	case letters > 0 && letters < 3:
		return s, nil, "gateway.ussd.county_more"
	case len(found) == 1:
		s.county, s.step = found[0]+1, stepCallBack
		return s, nil, ""
	case len(found) > 1 && len(found) <= 6:
		s.picks, s.step = found, stepPick
		return s, nil, ""
	case len(found) > 6:
		return s, nil, "gateway.ussd.county_more"
	}
	return s, nil, "gateway.ussd.no_county"
}

// render writes the screen of a state, after a notice if an answer was not taken.
func (m *Menu) render(s state, notice string) Screen {
	t := func(key string, args ...any) string { return m.t(s.lang, key, args...) }
	var b strings.Builder
	// A notice stands above the screen; on a page of counties it stands in
	// for the question, which leaves room for more counties on every page.
	if notice != "" && s.step != stepLang && s.step != stepCounty {
		b.WriteString(t(notice) + "\n")
	}
	back := "\n0 " + t("gateway.ussd.back")
	switch s.step {
	case stepLang:
		b.WriteString(m.t("en", "gateway.ussd.welcome"))
	case stepWhat:
		b.WriteString(t("gateway.ussd.what"))
		for i, w := range Whats {
			fmt.Fprintf(&b, "\n%d %s", i+1, t("gateway.ussd.what."+w))
		}
		b.WriteString(back)
	case stepCounty:
		pages := m.pages[s.lang]
		if notice != "" {
			b.WriteString(t(notice))
		} else {
			b.WriteString(t("gateway.ussd.county"))
		}
		for _, c := range m.counties[pages[s.page][0]:pages[s.page][1]] {
			fmt.Fprintf(&b, "\n%d %s", c.Number, c.Name)
		}
		if s.page+1 < len(pages) {
			b.WriteString("\n99 " + t("gateway.ussd.more"))
		}
		b.WriteString(back)
	case stepPick:
		b.WriteString(t("gateway.ussd.county_pick"))
		for i, c := range s.picks {
			fmt.Fprintf(&b, "\n%d %s", i+1, m.counties[c].Name)
		}
		b.WriteString(back)
	case stepCallBack:
		b.WriteString(t("gateway.ussd.callback") + "\n1 " + t("gateway.ussd.callback_yes") + "\n2 " + t("gateway.ussd.callback_no") + back)
	case stepConfirm:
		answer := t("gateway.ussd.no")
		if s.callBack {
			answer = t("gateway.ussd.yes")
		}
		b.WriteString(t("gateway.ussd.confirm") + "\n" + t("gateway.ussd.what."+s.what) + ", " + m.counties[s.county-1].Name +
			"\n" + t("gateway.ussd.confirm_callback", answer) + "\n1 " + t("gateway.ussd.send") + "\n2 " + t("gateway.ussd.cancel") + back)
	}
	return Screen{Text: b.String()}
}

// paginate splits the counties into pages that fit a screen in lang under
// the question or the longest notice.
func (m *Menu) paginate(lang string) [][2]int {
	head := 0
	for _, k := range []string{"gateway.ussd.county", "gateway.ussd.invalid", "gateway.ussd.no_county", "gateway.ussd.county_more"} {
		head = max(head, utf8.RuneCountInString(m.t(lang, k)))
	}
	fixed := head + len("\n99 ") +
		utf8.RuneCountInString(m.t(lang, "gateway.ussd.more")) + len("\n0 ") + utf8.RuneCountInString(m.t(lang, "gateway.ussd.back"))
	var pages [][2]int
	from, used := 0, fixed
	for i, c := range m.counties {
		w := utf8.RuneCountInString(fmt.Sprintf("\n%d %s", c.Number, c.Name))
		if used+w > MaxScreen && i > from {
			pages = append(pages, [2]int{from, i})
			from, used = i, fixed
		}
		used += w
	}
	return append(pages, [2]int{from, len(m.counties)})
}
