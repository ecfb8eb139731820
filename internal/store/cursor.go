package store

import (
	"encoding/base64"
	"strings"

	"github.com/haki-kenya/haki"
)

// A cursor marks where the next page starts: the sort key and id of the last
// row shown, opaque to clients.
func encodeCursor(key, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key + "|" + id))
}

func decodeCursor(c string) (key, id string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		var ok bool
		if key, id, ok = strings.Cut(string(b), "|"); ok && id != "" && len(b) < 200 {
			return key, id, nil
		}
	}
	return "", "", &haki.Error{Code: haki.EINVALID, Message: "The page link is not valid; start from the first page.",
		Fields: map[string]string{"cursor": "Not a valid cursor."}}
}
