package gazetteer

import "fmt"

// kenyaProvinces are Kenya's eight former provinces (before the 2010
// Constitution) by the first and last official code of their counties,
// which the First Schedule numbers province by province.
var kenyaProvinces = []struct {
	code     string
	from, to int
}{
	{"coast", 1, 6}, {"north_eastern", 7, 9}, {"eastern", 10, 17}, {"central", 18, 22},
	{"rift_valley", 23, 36}, {"western", 37, 40}, {"nyanza", 41, 46}, {"nairobi", 47, 47},
}

// KenyaRegions maps each county code (KE-001 to KE-047) to the former
// province it lay in: the region the research extract generalises a
// county to when the loaded gazetteer gives counties no parent.
func KenyaRegions() map[string]string {
	out := make(map[string]string, 47)
	for _, p := range kenyaProvinces {
		for n := p.from; n <= p.to; n++ {
			out[fmt.Sprintf("KE-%03d", n)] = p.code
		}
	}
	return out
}
