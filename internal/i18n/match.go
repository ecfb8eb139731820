package i18n

import "golang.org/x/text/language"

// matcher chooses among Languages; the index it returns is an index into
// Languages. The first, English, is its default.
var matcher = language.NewMatcher(func() []language.Tag {
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l.Code)
	}
	return tags
}())

// Match returns "sw" or "en", whichever the Accept-Language header prefers;
// "en" when the header is empty, malformed or names neither.
func Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return Languages[i].Code
}
