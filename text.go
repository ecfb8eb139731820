package haki

import (
	"strings"
	"unicode/utf8"
)

// ValidText reports whether s can be kept as text: valid UTF-8 holding no
// NUL character. PostgreSQL refuses both, and a SQLite database holding
// either could not be restored into PostgreSQL, so neither engine takes them.
func ValidText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// InvalidText is the error of text that is not ValidText, from a request
// or from any other writer (an import, a command).
func InvalidText() error {
	return Errorf(EINVALID, "The text holds a NUL character or bytes that are not UTF-8: remove them and try again.")
}
