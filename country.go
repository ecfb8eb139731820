package haki

// DefaultCountry is the country whose gazetteer an organisation uses until
// an administrator loads another and chooses it: Kenya, whose counties
// and sub-counties Haki ships (internal/gazetteer).
const DefaultCountry = "KE"

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 code in form:
// two upper-case letters.
func ValidCountry(code string) bool {
	return len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z'
}
