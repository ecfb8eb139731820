// Package i18n holds Haki's user-interface messages in English and
// Kiswahili and picks the language a request asks for.
package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
)

// Each language's messages are LANG.json plus any LANG_PART.json, so that a
// part of the interface can keep its messages beside the rest without one
// file growing without end. A key may appear in only one of them.
//
//go:embed *.json
var files embed.FS

// Languages lists the languages the interface speaks, each named in itself,
// in the order a language switch shows them. English comes first: it is the
// default and the fallback.
var Languages = []struct{ Code, Name string }{
	{"en", "English"},
	{"sw", "Kiswahili"},
}

// Catalog holds the messages of every language in Languages, keyed by
// language code and then by message key. It is read-only after New and safe
// for concurrent use.
type Catalog struct {
	msgs   map[string]map[string]string
	domain *domainMessages
}

// New loads the embedded catalogues.
func New() (*Catalog, error) {
	c := &Catalog{msgs: make(map[string]map[string]string, len(Languages))}
	for _, l := range Languages {
		m, err := readCatalog(l.Code)
		if err != nil {
			return nil, err
		}
		c.msgs[l.Code] = m
	}
	var err error
	c.domain, err = loadDomain()
	return c, err
}

// T returns the message for key in lang, falling back to English and then to
// the key itself, so that a missing message shows on the page instead of
// failing it. With args, the message is a fmt.Sprintf format.
func (c *Catalog) T(lang, key string, args ...any) string {
	s, ok := c.msgs[lang][key]
	if !ok {
		s, ok = c.msgs["en"][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns the message keys of the English catalogue, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs["en"]))
	for k := range c.msgs["en"] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readCatalog merges LANG.json and every LANG_*.json, refusing a key given twice.
func readCatalog(prefix string) (map[string]string, error) {
	names, err := fs.Glob(files, prefix+"_*.json")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, name := range append([]string{prefix + ".json"}, names...) {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		part, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is also in another %s file", name, k, prefix)
			}
			m[k] = v
		}
	}
	return m, nil
}

// parse reads a flat JSON object of strings. Unlike json.Unmarshal it
// rejects a key given twice, since the second would silently win.
func parse(b []byte) (map[string]string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("want a JSON object of strings")
	}
	m := make(map[string]string)
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		key := t.(string) // object keys are always strings
		var text string
		if err := d.Decode(&text); err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("key %q appears twice", key)
		}
		m[key] = text
	}
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, fmt.Errorf("unexpected data after the object")
	}
	return m, nil
}
