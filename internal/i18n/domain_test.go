package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/i18n"
)

// TestDomainMessagesTranslated finds every message the domain and the store
// give a user (field problems, Errorf, Error literals) and checks that a
// Kiswahili page shows it in Kiswahili.
func TestDomainMessagesTranslated(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	msgs := map[string]string{}
	for _, dir := range []string{"../..", "../store", "../publicreport"} {
		for msg, where := range userMessages(t, dir) {
			msgs[msg] = where
		}
	}
	if len(msgs) < 50 {
		t.Fatalf("found only %d messages; is the scan broken?", len(msgs))
	}
	for msg, where := range msgs {
		if got := c.Message("sw", msg); got == msg {
			t.Errorf("%s: no Kiswahili for %q", where, msg)
		}
		if got := c.Message("en", msg); got != msg {
			t.Errorf("English changed %q to %q", msg, got)
		}
	}
}

func TestMessageSlots(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"No such person.":                         "Hakuna mtu kama hiyo.",
		"Keep this under 200 characters.":         "Maandishi haya yawe na herufi chini ya 200.",
		"The year must be between 1900 and 2100.": "Mwaka lazima uwe kati ya 1900 na 2100.",
		"Something the table does not know.":      "Something the table does not know.",
	} {
		if got := c.Message("sw", in); got != want {
			t.Errorf("Message(sw, %q) = %q, want %q", in, got, want)
		}
	}
}

var formatVerb = regexp.MustCompile(`%[sdv]`)

// userMessages returns the string literals passed as messages in the Go
// files of dir (not tests), keyed by message with where they stand, with
// format verbs and concatenated numbers written as example values.
func userMessages(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var lit ast.Expr
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				switch {
				case !ok:
				case sel.Sel.Name == "Add" && len(n.Args) == 2:
					lit = n.Args[1]
				case sel.Sel.Name == "Errorf" && len(n.Args) >= 2 && isErrCode(n.Args[0]):
					lit = n.Args[1]
				}
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "Errorf" && len(n.Args) >= 2 && isErrCode(n.Args[0]) {
					lit = n.Args[1]
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Message" {
					lit = n.Value
				}
			}
			// Messages to people are sentences; this skips url.Values.Add and the like.
			if s, ok := literal(lit); ok && strings.HasSuffix(s, ".") {
				s = formatVerb.ReplaceAllStringFunc(s, func(v string) string {
					if v == "%s" {
						return "person"
					}
					return "7"
				})
				out[s] = fset.Position(n.Pos()).String()
			}
			return true
		})
	}
	return out
}

func isErrCode(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return strings.HasPrefix(e.Sel.Name, "E")
	case *ast.Ident:
		return strings.HasPrefix(e.Name, "E")
	}
	return false
}

// literal returns a string literal's value; for "a" + strconv.Itoa(n) + "b"
// it stands a number in for the call.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		l, ok1 := literal(e.X)
		r, ok2 := literal(e.Y)
		if !ok1 {
			l, ok1 = "7", isCall(e.X)
		}
		if !ok2 {
			r, ok2 = "7", isCall(e.Y)
		}
		return l + r, ok1 && ok2
	}
	return "", false
}

func isCall(e ast.Expr) bool { _, ok := e.(*ast.CallExpr); return ok }
