package password

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestFormerCommonList checks the estimate refuses what the list of common
// passwords Haki kept before it refused: the list's own generator makes
// them again (about 65,000), and every thirteenth is estimated.
func TestFormerCommonList(t *testing.T) {
	all := generateCommonPasswords()
	if len(all) < 60000 {
		t.Fatalf("the generator made %d passwords", len(all))
	}
	for i := 0; i < len(all); i += 13 {
		if r := Estimate(all[i]); r.Strong() {
			t.Errorf("Estimate(%q) = 10^%.1f, want weak", all[i], r.Log10)
		}
	}
}

// commonBases are the words of the common-password patterns: the top of the
// public breach lists, then Kenyan words, places, teams and brands.
var commonBases = strings.Fields(`
password passw0rd pass123 passwort motdepasse contrasena iloveyou iloveu letmein welcome
admin administrator root login master qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm qazwsx
football soccer baseball basketball monkey dragon shadow sunshine princess superman batman
spiderman starwars pokemon naruto michael jennifer jordan jordan23 hunter ranger buster
charlie thomas daniel andrew joshua jessica ashley michelle nicole pepper ginger freedom
whatever trustno1 hello hellothere changeme secret default computer internet google
facebook twitter instagram whatsapp samsung iphone android microsoft windows access
blessed blessing jesus jesuschrist christ godisgood godislove faith grace heaven angel
lovely loveme mylove sweetheart babygirl babyboy family friends forever flower summer
winter autumn spring chocolate cookie banana orange purple yellow silver golden diamond
killer money dollar business manager company office student teacher doctor
liverpool arsenal chelsea manchester manutd barcelona realmadrid juventus
kenya kenyan kenya254 nairobi mombasa kisumu nakuru eldoret thika machakos nyeri kakamega
malindi lamu garissa kitale kericho meru embu naivasha nanyuki kiambu kajiado narok
harambee jamhuri madaraka mashujaa uhuru kenyatta raila odinga ruto moi kibaki
safaricom mpesa airtel telkom equity kcbbank coopbank jambo karibu asante hakuna
hakunamatata mungu mungumkuu yesu bwana rafiki mpenzi nakupenda pendo upendo amani
baraka neema imani tumaini furaha zawadi malaika wanjiku kamau otieno ochieng mwangi
wambui akinyi achieng njeri kipchoge rudisha wanyama gormahia afcleopards harambeestars
tusker kilimanjaro serengeti maasai kikuyu luo luhya kalenjin kamba swahili kiswahili
simba tembo chui twiga jambojambo sawasawa pole polepole matatu boda bodaboda ugali
nyama chapati mandazi sukuma githeri
`)

// commonSuffixes are what people put after a word.
var commonSuffixes = strings.Fields(`1 12 123 1234 12345 123456 1234567 12345678 123456789 0 00 01 007 1! 123! ! !! @ # @123 69 99 11 111 2 22 254 +254 #254 .`)

// commonWhole are patterns that are not a word and a suffix.
var commonWhole = strings.Fields(`
123456789012 1234567890123 12345678901234 123123123123 121212121212 112233445566
111222333444 987654321098 098765432109 qwertyuiop12 qwertyuiop123 1q2w3e4r5t6y
1qaz2wsx3edc qazwsxedcrfv asdfghjkl123 zxcvbnm12345 qwertyqwerty passwordpassword
abcdefghijkl abc123abc123 aaaaaaaaaaa1 aaaaaa111111 qwerty123456 password1234 0722000000
0700000000 0712345678 0722123456 0733123456 0711111111 0720000000 0721212121
`)

// generateCommonPasswords builds the list: each base word and its
// leetspeak, doubled and after "i love", followed by a year from 1950 to
// 2030 or a common suffix, kept when 12 to 64 characters long.
func generateCommonPasswords() []string {
	set := map[string]bool{}
	add := func(s string) {
		if n := len(s); n >= 12 && n <= 64 {
			set[s] = true
		}
	}
	leet := strings.NewReplacer("a", "@", "e", "3", "i", "1", "o", "0", "s", "$")
	for _, w := range commonWhole {
		add(w)
	}
	for _, base := range commonBases {
		for _, w := range []string{base, leet.Replace(base), base + base, "ilove" + base} {
			add(w)
			for y := 1950; y <= 2030; y++ {
				add(fmt.Sprint(w, y))
			}
			for _, suf := range commonSuffixes {
				add(w + suf)
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
