package gatewayin

import (
	"strings"
	"unicode"
)

// swahiliWords and englishWords are common words of each language, the
// ones a short message about an arrest or a beating is likely to hold.
// A message is Kiswahili when it holds more of the first than the second.
var (
	swahiliWords = words("na ya wa kwa ni la za katika hii huyu yule mimi sisi wao yeye wewe leo jana sasa " +
		"tafadhali msaada saidia polisi askari kituo amekamatwa wamemkamata amepigwa wamempiga risasi ameuawa " +
		"wameua amepotea hajulikani aliko mtoto mwanangu kaka dada baba mama rafiki jirani nyumbani hapa " +
		"usiku asubuhi mchana jioni kwenye karibu sana hakuna bado alichukuliwa wamemchukua wamechukua " +
		"kijana vijana watu mtu hospitali maiti habari asante")
	englishWords = words("the a an and of to in on at is was were are he she they we i my our his her their " +
		"police officer officers station arrested taken beaten shot killed missing dead help please today " +
		"yesterday night morning evening son daughter brother sister father mother friend home here there " +
		"with by from been has have not no hospital body people man woman boy girl thank")
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// DetectLanguage returns "sw" for a message that reads as Kiswahili and
// "en" otherwise (English is the default of the reply). Sheng and mixed
// messages fall to whichever language has more of the common words.
func DetectLanguage(text string) string {
	sw, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if swahiliWords[w] {
			sw++
		}
		if englishWords[w] {
			en++
		}
	}
	if sw > en {
		return "sw"
	}
	return "en"
}
