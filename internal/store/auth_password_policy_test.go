package store

import (
	"testing"

	"github.com/haki-kenya/haki"
)

func TestValidateNewPassword(t *testing.T) {
	tests := []struct {
		name, username, password, wantProblem string
	}{
		{"good", "wanjiku", "correct horse battery", ""},
		{"good in Kiswahili", "wanjiku", "tembo kijani mvua ndefu", ""},
		{"too short", "wanjiku", "short", "Use at least 12 characters."},
		{"common with a year", "wanjiku", "Password@2024", "This is one of the passwords attackers try first. Choose three or four unrelated words instead."},
		{"brand with a year", "wanjiku", "Safaricom@2024", "Brands, teams and well-known Kenyan words are guessed early, even with a year or symbols added. Add another word or two."},
		{"common any case", "wanjiku", "PassWord1234", "This is one of the passwords attackers try first. Choose three or four unrelated words instead."},
		{"kenyan year", "wanjiku", "harambee2010", "Brands, teams and well-known Kenyan words are guessed early, even with a year or symbols added. Add another word or two."},
		{"leetspeak", "wanjiku", "P@$$w0rd1990", "This is one of the passwords attackers try first. Choose three or four unrelated words instead."},
		{"a name and a year", "wanjiku", "Akinyi2000!!", "Names are easy to guess, even with capitals, digits or a year added. Add another word or two that are not names."},
		{"repeated", "wanjiku", "aaaaaaaaaaaaaaa", "Repeats like aaa or abcabc are easy to guess. Avoid repeated words and characters."},
		{"contains user name", "wanjiku", "my name is Wanjiku!", "Do not put your user name in your password."},
		{"display name", "wk", "Otieno Ochieng 2024", "Do not put your user name in your password."},
		{"two-letter user name", "jo", "a journey of sorts", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var extra []string
			if tc.username == "wk" {
				extra = []string{"Otieno Ochieng"}
			}
			err := validateNewPassword(tc.username, tc.password, extra...)
			if got := haki.ErrorFields(err)["password"]; got != tc.wantProblem || (err == nil) != (tc.wantProblem == "") {
				t.Errorf("validateNewPassword(%q) = %v, want the problem %q", tc.password, err, tc.wantProblem)
			}
		})
	}
}
