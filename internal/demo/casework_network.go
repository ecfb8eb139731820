package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// world is what the casework pass knows: the accounts, the network it
// builds, and the plan of actions.
type world struct {
	r           *rand.Rand
	st          CaseworkStore
	now         time.Time
	stats       *CaseworkStats
	plan        plan
	byID        map[string]*haki.User
	byName      map[string]*haki.User
	admin, dm   *haki.User
	teamWorkers map[string][]*haki.User // caseworkers per team id
	profs       []*netProf
	profOfUser  map[string]*netProf
	partners    []*haki.Partner
	counties    []county
	matters     int            // legal matters planned so far
	convicted   bool           // a matter ends in a conviction
	compensated bool           // a matter ends in an award of compensation
	today       map[string]int // appointments planned for today, per demo login
}

// netProf is a member of the network the pass adds to the directory.
type netProf struct {
	rec  *haki.Professional
	user *haki.User // the account, for the twelve with one
}

func newWorld(o CaseworkOptions, st CaseworkStore, stats *CaseworkStats) (*world, error) {
	geo, err := newGeography()
	if err != nil {
		return nil, err
	}
	now := o.Now.UTC()
	w := &world{r: rand.New(rand.NewPCG(uint64(o.Seed), 0x4e4554574f524b)), st: st, now: now, stats: stats, plan: plan{now: now},
		byID: map[string]*haki.User{}, byName: map[string]*haki.User{}, today: map[string]int{}, teamWorkers: map[string][]*haki.User{},
		profOfUser: map[string]*netProf{}, counties: geo.counties}
	for _, u := range o.Users {
		w.byID[u.ID], w.byName[u.Username] = u, u
		if u.Role == haki.RoleCaseworker && u.TeamID != "" && !u.Disabled {
			w.teamWorkers[u.TeamID] = append(w.teamWorkers[u.TeamID], u)
		}
	}
	w.admin, w.dm = w.byName["admin"], w.byName["datamanager"]
	if w.dm == nil {
		w.dm = w.admin
	}
	if w.dm == nil {
		return nil, fmt.Errorf("demo casework: the demo has no administrator or data manager account")
	}
	return w, nil
}

// linkedProfs describes the network records of the professionals who have
// an account, by username: profession, counties (official numbers) and
// languages.
var linkedProfs = map[string]struct {
	profession string
	counties   []int
	langs      []string
}{
	"professional":   {"doctor", []int{47, 27, 22}, []string{"en", "sw", "kalenjin"}},
	"professional2":  {"doctor", []int{7, 1, 8}, []string{"en", "sw", "somali"}},
	"professional3":  {"psychiatrist", []int{47, 22}, []string{"en", "sw", "kikuyu"}},
	"professional4":  {"doctor", []int{37, 39}, []string{"en", "sw", "luhya"}},
	"professional5":  {"counsellor", []int{45, 46}, []string{"en", "sw", "kisii"}},
	"professional6":  {"lawyer", []int{12, 47, 13}, []string{"en", "sw", "meru"}},
	"professional7":  {"counsellor", []int{1, 2, 3}, []string{"en", "sw", "mijikenda"}},
	"professional8":  {"lawyer", []int{42, 41, 43}, []string{"en", "sw", "luo"}},
	"professional9":  {"clinical_officer", []int{32, 35}, []string{"en", "sw", "kalenjin"}},
	"professional10": {"counsellor", []int{16, 15}, []string{"en", "sw", "kamba"}},
	"professional11": {"lawyer", []int{47, 22}, []string{"en", "sw", "kikuyu"}},
	"professional12": {"social_worker", []int{9, 8, 7}, []string{"en", "sw", "somali"}},
}

// profWeights says where the network's members practise, by official
// county number: the cities most, a few remote counties not at all, so
// that the coverage page shows gaps.
var profWeights = map[int]int{47: 70, 1: 24, 42: 22, 32: 18, 27: 16, 22: 10, 37: 8, 39: 5, 16: 6, 7: 5, 45: 6, 12: 6,
	19: 5, 3: 5, 44: 5, 43: 4, 41: 4, 40: 3, 35: 3, 34: 4, 15: 3, 14: 3, 21: 3, 20: 2, 18: 2, 31: 3, 26: 3, 29: 2, 30: 2,
	33: 2, 36: 2, 38: 2, 46: 2, 2: 3, 5: 2, 6: 2, 17: 2, 13: 2, 28: 1, 11: 1, 8: 1, 9: 1, 23: 1}

var (
	professionMix = newCodes(w{"doctor", 16}, w{"clinical_officer", 12}, w{"psychiatrist", 5}, w{"counsellor", 26},
		w{"lawyer", 22}, w{"paralegal", 9}, w{"social_worker", 7}, w{"journalist", 2}, w{"monitor", 1})
	availabilityMix = newCodes(w{"available", 60}, w{"limited", 30}, w{"unavailable", 10})
	trainingsBy     = map[string][]string{
		"doctor":           {"Istanbul Protocol documentation", "Clinical management of rape", "Forensic documentation of injuries", "Filling the P3 form"},
		"clinical_officer": {"Istanbul Protocol documentation", "Clinical management of rape", "Filling the P3 form"},
		"psychiatrist":     {"Istanbul Protocol documentation", "Trauma-informed counselling", "Psychological evaluation of torture survivors"},
		"counsellor":       {"Trauma-informed counselling", "Group therapy facilitation", "Psychological first aid", "Self-care for helpers"},
		"lawyer":           {"Strategic litigation", "Litigating police killings", "Inquest practice", "Victims' rights under the IPOA Act"},
		"paralegal":        {"Court accompaniment", "Victims' rights under the IPOA Act", "Statement taking"},
		"social_worker":    {"Trauma-informed counselling", "Psychological first aid", "Safety planning"},
		"journalist":       {"Reporting on torture safely", "Digital security"},
		"monitor":          {"Documenting violations", "Digital security"},
	}
	commLanguage = map[community]string{kikuyu: "kikuyu", luo: "luo", luhya: "luhya", kalenjin: "kalenjin", kamba: "kamba",
		kisii: "kisii", meru: "meru", coastal: "mijikenda", somali: "somali", pastoral: "maasai"}
)

// countyCode gives the gazetteer code of an official county number.
func countyCode(num int) string { return "KE-" + pad3(num) }

// licence returns a licence number of the shape the profession's
// regulator gives.
func licence(r *rand.Rand, profession string, year int) string {
	switch profession {
	case "doctor", "psychiatrist":
		return "A" + digits(r, 5, '1')
	case "clinical_officer":
		return "RCO/" + digits(r, 5, '1')
	case "lawyer":
		return fmt.Sprintf("P.105/%s/%02d", digits(r, 4, '1'), year%100)
	case "counsellor":
		return fmt.Sprintf("KCPA/%d/%s", year, digits(r, 4, '0'))
	case "social_worker":
		return "KNASW/" + digits(r, 4, '0')
	case "journalist":
		return fmt.Sprintf("MCK/%d/%s", year, digits(r, 5, '0'))
	}
	return ""
}

// network plans the directory and the partners, entered by the data
// manager before the first case of the pass.
func (w *world) network(first time.Time) {
	r := w.r
	at := first.AddDate(0, 0, -60)
	nums := make([]int, 0, len(profWeights))
	ws := make([]int, 0, len(profWeights))
	for n := 1; n <= 47; n++ {
		if wt := profWeights[n]; wt > 0 {
			nums, ws = append(nums, n), append(ws, wt)
		}
	}
	where := newTable(ws...)
	// The professionals with accounts first.
	for i := 1; i <= 12; i++ {
		username := "professional"
		if i > 1 {
			username = fmt.Sprintf("professional%d", i)
		}
		u, spec := w.byName[username], linkedProfs[username]
		if u == nil {
			continue
		}
		p := &haki.Professional{Name: u.DisplayName, Profession: spec.profession, Languages: spec.langs, Availability: "available",
			UserID: u.ID}
		for _, n := range spec.counties {
			p.Counties = append(p.Counties, countyCode(n))
		}
		w.fillProf(r, p, at)
		np := &netProf{rec: p, user: u}
		w.profs = append(w.profs, np)
		w.profOfUser[u.ID] = np
	}
	for len(w.profs) < 300 {
		num := nums[where.pick(r)]
		ci := &countyTable[num-1]
		prof := professionMix.pick(r)
		male := chance(r, 0.5)
		nm := newName(r, pickCommunity(r, ci.comm, ci.share), male)
		p := &haki.Professional{Name: nm.full(), Profession: prof, Availability: availabilityMix.pick(r),
			Counties: []string{countyCode(num)}, Languages: []string{"en", "sw"}}
		if prof == "doctor" || prof == "psychiatrist" {
			p.Name = "Dr. " + p.Name
		}
		if l, ok := commLanguage[nm.comm]; ok && chance(r, 0.7) {
			p.Languages = append(p.Languages, l)
		}
		if chance(r, 0.02) {
			p.Languages = append(p.Languages, "sign")
		}
		// Many cover a neighbouring county or two, lawyers and the
		// city-based most.
		for range between(r, 0, 2) {
			if prof == "lawyer" || num == 47 || chance(r, 0.3) {
				if n := nums[where.pick(r)]; teamOf(n) == teamOf(num) {
					p.Counties = append(p.Counties, countyCode(n))
				}
			}
		}
		w.fillProf(r, p, at)
		p.Email = strings.ToLower(nm.first+"."+nm.last) + "@example.co.ke"
		w.profs = append(w.profs, &netProf{rec: p})
	}
	for _, np := range w.profs {
		p := np.rec
		w.plan.add(at.Add(time.Duration(r.IntN(40*24))*time.Hour), w.dm, "professional", func(ctx context.Context) error {
			return count(&w.stats.Professionals, w.st.CreateProfessional(ctx, p))
		})
	}
	for _, pt := range partnerSpecs {
		p := &haki.Partner{Name: pt.name, Kind: pt.kind, CountyCode: countyCode(pt.county), Contact: pt.contact}
		w.partners = append(w.partners, p)
		w.plan.add(at.Add(time.Duration(r.IntN(40*24))*time.Hour), w.dm, "partner", func(ctx context.Context) error {
			return count(&w.stats.Partners, w.st.CreatePartner(ctx, p))
		})
	}
}

// fillProf gives a professional a licence, a phone, an email and trainings.
func (w *world) fillProf(r *rand.Rand, p *haki.Professional, at time.Time) {
	year := at.Year() - between(r, 1, 20)
	p.LicenceNumber = licence(r, p.Profession, year)
	p.Phone = "+254 7" + digits(r, 2, '0') + " " + digits(r, 6, '0')
	if p.UserID != "" {
		p.Email = strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(p.Name, "Dr. "), " ", ".")) + "@example.co.ke"
	}
	names := trainingsBy[p.Profession]
	seen := map[string]bool{}
	for range between(r, 0, 3) {
		n := oneOf(r, names)
		if seen[n] {
			continue
		}
		seen[n] = true
		p.Trainings = append(p.Trainings, haki.Training{Name: n, AttendedOn: haki.Today(at.AddDate(0, 0, -between(r, 30, 5*365)))})
	}
}

// partnerSpecs are the partner institutions: public hospitals and bodies,
// and (fictional) legal aid groups and shelters.
var partnerSpecs = []struct {
	name, kind string
	county     int
	contact    string
}{
	{"Kenyatta National Hospital", "hospital", 47, "Gender-based violence recovery centre, referrals desk"},
	{"Coast General Teaching and Referral Hospital", "hospital", 1, "Casualty and forensic unit"},
	{"Jaramogi Oginga Odinga Teaching and Referral Hospital", "hospital", 42, "Referrals desk, outpatient block"},
	{"Moi Teaching and Referral Hospital", "hospital", 27, "Trauma unit, referrals desk"},
	{"Nakuru Level 5 Hospital", "hospital", 32, "Gender-based violence recovery centre"},
	{"Garissa County Referral Hospital", "hospital", 7, "Records office"},
	{"Kakamega County General Hospital", "hospital", 37, "Casualty department"},
	{"Independent Policing Oversight Authority (head office)", "ipoa", 47, "Complaints desk"},
	{"IPOA Kisumu regional office", "ipoa", 42, "Complaints desk"},
	{"IPOA Mombasa regional office", "ipoa", 1, "Complaints desk"},
	{"IPOA Eldoret regional office", "ipoa", 27, "Complaints desk"},
	{"Kenya National Commission on Human Rights", "knchr", 47, "Complaints and investigations"},
	{"KNCHR Coast regional office", "knchr", 1, "Complaints and investigations"},
	{"National Legal Aid Service, Nairobi", "legal_aid", 47, "Legal aid intake, weekdays"},
	{"Lake Region Legal Aid Clinic", "legal_aid", 42, "Intake clinic on Tuesdays and Thursdays"},
	{"Pwani Justice and Rights Centre", "legal_aid", 1, "Intake clinic, weekdays"},
	{"Rift Valley Paralegal Network", "legal_aid", 32, "Court accompaniment desk"},
	{"Tumaini Safe House", "shelter", 47, "Admissions through the coordinator only"},
	{"Amani Women's Shelter", "shelter", 42, "Admissions through the coordinator only"},
	{"Nyumba ya Matumaini", "shelter", 1, "Admissions through the coordinator only"},
	{"Mathare Social Justice Network", "other", 47, "Community desk"},
}

// count adds one to n when err is nil.
func count(n *int, err error) error {
	if err == nil {
		*n++
	}
	return err
}

// professionals returns the members of the network of a profession who
// cover the county, or of the profession anywhere when none does.
func (w *world) professionals(profession, county string) []*netProf {
	var here, anywhere []*netProf
	for _, np := range w.profs {
		if np.rec.Profession != profession || np.rec.Availability == "unavailable" {
			continue
		}
		anywhere = append(anywhere, np)
		for _, c := range np.rec.Counties {
			if c == county {
				here = append(here, np)
				break
			}
		}
	}
	if len(here) > 0 {
		return here
	}
	return anywhere
}

// partner returns a partner of the kind, in the county if there is one.
func (w *world) partner(r *rand.Rand, kind, county string) *haki.Partner {
	var here, anywhere []*haki.Partner
	for _, p := range w.partners {
		if p.Kind == kind {
			anywhere = append(anywhere, p)
			if p.CountyCode == county {
				here = append(here, p)
			}
		}
	}
	if len(here) > 0 {
		return oneOf(r, here)
	}
	if len(anywhere) > 0 {
		return anywhere[0] // the head office
	}
	return nil
}
