package i18n

import (
	"regexp"
	"strings"
)

// The domain and the store write their messages in English, since they
// know nothing of languages. domain_sw.json (and domain_sw_*.json) translates them into Kiswahili.
// Its keys are the English messages with numbers written {n}, the name
// of a kind of record written {s} (a key "{s}:person" translates that name)
// and a code someone typed, kept as it is, written {c} ("KE-999", "killing").

type domainMessages struct {
	exact    map[string]string // messages without {n} or {s}
	patterns []domainPattern
	nouns    map[string]string
}

type domainPattern struct {
	re   *regexp.Regexp // matches the English message, capturing each slot
	slot []byte         // 'n' or 's' for each capture
	sw   string
}

func loadDomain() (*domainMessages, error) {
	raw, err := readCatalog("domain_sw")
	if err != nil {
		return nil, err
	}
	d := &domainMessages{exact: map[string]string{}, nouns: map[string]string{}}
	for en, sw := range raw {
		if noun, ok := strings.CutPrefix(en, "{s}:"); ok {
			d.nouns[noun] = sw
			continue
		}
		if !strings.Contains(en, "{n}") && !strings.Contains(en, "{s}") && !strings.Contains(en, "{c}") {
			d.exact[en] = sw
			continue
		}
		p := domainPattern{sw: sw}
		var re strings.Builder
		re.WriteString("^")
		for rest := en; rest != ""; {
			i := strings.IndexByte(rest, '{')
			if i < 0 || len(rest) < i+3 || rest[i+2] != '}' || !strings.ContainsRune("nsc", rune(rest[i+1])) {
				re.WriteString(regexp.QuoteMeta(rest))
				break
			}
			re.WriteString(regexp.QuoteMeta(rest[:i]))
			switch rest[i+1] {
			case 'n':
				re.WriteString(`(-?\d+)`)
			case 'c':
				re.WriteString(`([A-Za-z0-9][A-Za-z0-9_.-]*)`)
			default:
				re.WriteString(`([a-z_ ]+)`)
			}
			p.slot = append(p.slot, rest[i+1])
			rest = rest[i+3:]
		}
		re.WriteString("$")
		p.re = regexp.MustCompile(re.String())
		d.patterns = append(d.patterns, p)
	}
	return d, nil
}

// Message translates a message of the domain or the store (such as a form
// field's error) into lang; in English, or when no translation is known, it
// returns msg as it is.
func (c *Catalog) Message(lang, msg string) string {
	if lang != "sw" || msg == "" || c.domain == nil {
		return msg
	}
	if sw, ok := c.domain.exact[msg]; ok {
		return sw
	}
	for _, p := range c.domain.patterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		out := p.sw
		for i, kind := range p.slot {
			v := m[i+1]
			switch kind {
			case 's':
				if noun, ok := c.domain.nouns[v]; ok {
					v = noun
				}
				out = strings.Replace(out, "{s}", v, 1)
			case 'c':
				out = strings.Replace(out, "{c}", v, 1)
			default:
				out = strings.Replace(out, "{n}", v, 1)
			}
		}
		return upperFirst(out)
	}
	return msg
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
