package web

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The tests that read a page's structure parse it with these.

// htmlNodes parses body and returns the elements for which keep is true.
func htmlNodes(tb testing.TB, body string, keep func(*html.Node) bool) []*html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	return htmlUnder(doc, keep)
}

// htmlUnder returns the elements under n for which keep is true.
func htmlUnder(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// htmlAll returns the elements under n with the tag and, if class is not
// "", that class.
func htmlAll(n *html.Node, tag, class string) []*html.Node {
	return htmlUnder(n, func(c *html.Node) bool {
		return c.Data == tag && (class == "" || slices.Contains(strings.Fields(htmlAttr(c, "class")), class))
	})
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func htmlText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// htmlVoid are the elements without an end tag; htmlOptionalEnd those
// whose end tag HTML lets a page leave out.
var (
	htmlVoid        = []string{"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
	htmlOptionalEnd = []string{"html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
		"option", "optgroup", "colgroup"}
)

// htmlUnbalanced lists what is wrong with the nesting of a page's tags: an
// end tag that closes no open element (a stray "</details>"), or one that
// closes an element inside which another, whose end may not be left out,
// is still open; and the elements never closed. html.Parse mends all of
// these silently, so it cannot tell.
func htmlUnbalanced(body string) []string {
	var problems, open []string
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			for _, name := range open {
				if !slices.Contains(htmlOptionalEnd, name) {
					problems = append(problems, "<"+name+"> never closed")
				}
			}
			return problems
		case html.StartTagToken:
			name, _ := z.TagName()
			if !slices.Contains(htmlVoid, string(name)) {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			b, _ := z.TagName()
			name := string(b)
			i := len(open) - 1
			for i >= 0 && open[i] != name {
				i--
			}
			if i < 0 {
				problems = append(problems, "stray </"+name+">")
				continue
			}
			for _, inner := range open[i+1:] {
				if !slices.Contains(htmlOptionalEnd, inner) {
					problems = append(problems, "</"+name+"> closes <"+name+"> with <"+inner+"> still open")
				}
			}
			open = open[:i]
		}
	}
}

func TestHTMLUnbalanced(t *testing.T) {
	for body, want := range map[string]int{
		`<!doctype html><html><body><details><summary>x</summary><ul><li>a<li>b</ul><br><img src="x"></details><svg><path d="M0"/></svg></body></html>`: 0,
		`<p>one<p>two</p><table><tr><td>1<td>2</table>`: 0,
		`<section><div>x</div></details></section>`:     1, // stray
		`<section><div>x</section>`:                     1, // closes over an open div
		`<main><section>`:                               2, // never closed
	} {
		if got := htmlUnbalanced(body); len(got) != want {
			t.Errorf("%s: %q, want %d problems", body, got, want)
		}
	}
}
