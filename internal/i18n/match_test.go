package i18n

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct{ header, want string }{
		{"sw-KE,sw;q=0.9,en;q=0.8", "sw"},
		{"sw", "sw"},
		{"en-KE,en;q=0.9,sw;q=0.8", "en"},
		{"en-GB", "en"},
		{"en-US,en;q=0.5", "en"},
		{"fr-FR,sw;q=0.5", "sw"},
		{"fr-FR,fr;q=0.9", "en"},
		{"", "en"},
		{"*", "en"},
		{"garbage;;;q=x,,", "en"},
		{"!!!", "en"},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			if got := Match(tc.header); got != tc.want {
				t.Errorf("Match(%q) = %q, want %q", tc.header, got, tc.want)
			}
		})
	}
}
