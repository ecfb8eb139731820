package notify

import "testing"

func TestNormalizeKenyanPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0712345678", "+254712345678"},
		{"0712 345 678", "+254712345678"},
		{"0112-345-678", "+254112345678"},
		{"254712345678", "+254712345678"},
		{"+254 712 345678", "+254712345678"},
		{"00254712345678", "+254712345678"},
		{"(0712) 345.678", "+254712345678"},
		{"0212345678", ""},    // not a mobile range
		{"071234567", ""},     // too short
		{"07123456789", ""},   // too long
		{"+255712345678", ""}, // Tanzania
		{"07123x5678", ""},    // not digits
		{"", ""},
		{"+254", ""},
	} {
		got, err := NormalizeKenyanPhone(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("NormalizeKenyanPhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
