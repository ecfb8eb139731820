package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func mustNew(tb testing.TB) *Catalog {
	tb.Helper()
	c, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestCataloguesComplete checks that every language has exactly the English
// keys and no empty message.
func TestCataloguesComplete(t *testing.T) {
	c := mustNew(t)
	if len(c.Keys()) == 0 {
		t.Fatal("English catalogue is empty")
	}
	for _, l := range Languages {
		m := c.msgs[l.Code]
		for _, k := range c.Keys() {
			if _, ok := m[k]; !ok {
				t.Errorf("%s.json lacks %q", l.Code, k)
			}
		}
		for k, v := range m {
			if _, ok := c.msgs["en"][k]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", l.Code, k)
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s.json: %q is empty", l.Code, k)
			}
		}
	}
}

var verbRE = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z%]`)

// verbs returns the fmt verbs of s, sorted, without the literal %%.
func verbs(s string) []string {
	var vs []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// TestSameVerbs checks that each translation takes the same arguments as the
// English text, so T never prints %!s(MISSING) or %!(EXTRA ...).
func TestSameVerbs(t *testing.T) {
	c := mustNew(t)
	for _, k := range c.Keys() {
		want := verbs(c.msgs["en"][k])
		for _, l := range Languages {
			if got := verbs(c.msgs[l.Code][k]); !slices.Equal(got, want) {
				t.Errorf("%s %q: verbs %q, English has %q", l.Code, k, got, want)
			}
		}
	}
}

func TestLanguagesHaveNames(t *testing.T) {
	c := mustNew(t)
	for _, l := range Languages {
		if l.Name == "" {
			t.Errorf("language %q has no name", l.Code)
		}
		if _, ok := c.msgs[l.Code]; !ok {
			t.Errorf("language %q has no catalogue", l.Code)
		}
		if k := "lang." + l.Code; c.T("en", k) == k {
			t.Errorf("no message %q to name language %q", k, l.Code)
		}
	}
}

func TestT(t *testing.T) {
	c := mustNew(t)
	// A key only English has, to see the fallback.
	c.msgs["en"]["test.only_en"] = "Only in English"
	tests := []struct {
		name, lang, key string
		args            []any
		want            string
	}{
		{"english", "en", "nav.signout", nil, "Sign out"},
		{"kiswahili", "sw", "nav.signout", nil, "Toka"},
		{"args", "sw", "error.internal", []any{"req-42"}, "Hitilafu ya ndani. Taja nambari hii ya marejeleo unapoiripoti: req-42"},
		{"args english", "en", "pagination.page", []any{3}, "Page 3"},
		{"missing in sw falls back to en", "sw", "test.only_en", nil, "Only in English"},
		{"unknown language falls back to en", "fr", "action.save", nil, "Save"},
		{"empty language falls back to en", "", "action.save", nil, "Save"},
		{"missing key shows the key", "sw", "no.such.key", nil, "no.such.key"},
		{"missing key with args shows the key", "en", "no.such.key", []any{1}, "no.such.key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.T(tc.lang, tc.key, tc.args...); got != tc.want {
				t.Errorf("T(%q, %q) = %q, want %q", tc.lang, tc.key, got, tc.want)
			}
		})
	}
}

func TestKeysSorted(t *testing.T) {
	keys := mustNew(t).Keys()
	if !slices.IsSorted(keys) {
		t.Errorf("Keys not sorted: %q", keys)
	}
	if !slices.Contains(keys, "signin.title") {
		t.Errorf("Keys lacks signin.title")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"flat", `{"a": "A", "b": "B"}`, true},
		{"empty object", `{}`, true},
		{"duplicate key", `{"a": "A", "a": "B"}`, false},
		{"number value", `{"a": 1}`, false},
		{"nested", `{"a": {"b": "c"}}`, false},
		{"array", `["a"]`, false},
		{"trailing data", `{"a": "A"} {}`, false},
		{"truncated", `{"a": "A"`, false},
		{"not json", `hello`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Errorf("parse(%s) error = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}
