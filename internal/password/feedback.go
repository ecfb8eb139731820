package password

// The feedback a weak password gets: one sentence that says what is weak
// and what to do. Each has a Kiswahili translation in the interface's
// catalogue (internal/i18n/domain_sw_auth.json).
const (
	msgCommon   = "This is one of the passwords attackers try first. Choose three or four unrelated words instead."
	msgUser     = "Do not put your user name in your password."
	msgNames    = "Names are easy to guess, even with capitals, digits or a year added. Add another word or two that are not names."
	msgPlaces   = "Places are easy to guess, even with capitals, digits or a year added. Add another word or two."
	msgKenya    = "Brands, teams and well-known Kenyan words are guessed early, even with a year or symbols added. Add another word or two."
	msgWords    = "Common words on their own are guessed quickly. Add another word or two, not a year or digits."
	msgL33t     = "Writing letters as look-alike symbols (@ for a, 0 for o) fools nobody. Add another word instead."
	msgReversed = "A word written backwards is guessed almost as fast as the word. Add another word or two."
	msgYear     = "Years are easy to guess. Avoid years and dates, and add another word."
	msgDate     = "Dates are easy to guess. Avoid dates and years, and add another word."
	msgKeyboard = "Rows of keys like qwerty or 1qaz are easy to guess. Use a few unrelated words instead."
	msgRepeat   = "Repeats like aaa or abcabc are easy to guess. Avoid repeated words and characters."
	msgSequence = "Sequences like abc or 6789 are easy to guess. Avoid them and add another word."
	msgGeneric  = "This password is easy to guess. Add another word or two: a few unrelated words are strong and easy to remember."
)

// Messages returns every sentence Feedback may hold, for translation.
func Messages() []string {
	return []string{msgCommon, msgUser, msgNames, msgPlaces, msgKenya, msgWords, msgL33t, msgReversed,
		msgYear, msgDate, msgKeyboard, msgRepeat, msgSequence, msgGeneric}
}

// feedback picks the sentence for a weak password from the part that
// explains most of it: the longest part that follows a pattern.
func feedback(parts []Part) string {
	var worst *Part
	for k := range parts {
		p := &parts[k]
		if p.Kind == KindBruteforce {
			continue
		}
		if worst == nil || p.j-p.i > worst.j-worst.i {
			worst = p
		}
	}
	if worst == nil {
		return msgGeneric
	}
	switch worst.Kind {
	case KindYear:
		return msgYear
	case KindDate:
		return msgDate
	case KindKeyboard:
		return msgKeyboard
	case KindRepeat:
		return msgRepeat
	case KindSequence:
		return msgSequence
	}
	switch {
	case worst.Dictionary == "user":
		return msgUser
	case worst.Dictionary == "passwords":
		return msgCommon
	case worst.L33t:
		return msgL33t
	case worst.Reversed:
		return msgReversed
	}
	switch worst.Dictionary {
	case "names":
		return msgNames
	case "places":
		return msgPlaces
	case "kenya":
		return msgKenya
	}
	return msgWords
}
