package demo

import (
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// userSpec is a demo account. The first seven are the accounts named after
// their roles, which the README and the tests sign in as.
type userSpec struct {
	username, name string
	role           haki.Role
	team           int // index in teamNames, -1 for none
	lang           string
}

var userSpecs = []userSpec{
	{"admin", "Grace Wanjiru Mwangi", haki.RoleAdmin, 0, "en"},
	{"datamanager", "Brian Otieno Ouma", haki.RoleDataManager, 0, "en"},
	{"caseworker", "Mercy Achieng Odhiambo", haki.RoleCaseworker, 0, "en"},
	{"professional", "Dr. Samuel Kiprono Kirui", haki.RoleProfessional, -1, "en"},
	{"monitor", "Hassan Juma Mwinyi", haki.RoleMonitor, 0, "sw"},
	{"researcher", "Wanjiku Njeri Kamau", haki.RoleResearcher, -1, "en"},
	{"viewer", "Joseph Mutua Musyoka", haki.RoleViewer, -1, "en"},
	// Caseworkers: the Nairobi team is the largest, as is its caseload.
	{"caseworker2", "Faith Wambui Njoroge", haki.RoleCaseworker, 0, "en"},
	{"caseworker3", "Kevin Omondi Okoth", haki.RoleCaseworker, 0, "sw"},
	{"caseworker4", "Mwanaisha Salim Bakari", haki.RoleCaseworker, 1, "sw"},
	{"caseworker5", "Ruth Chebet Koech", haki.RoleCaseworker, 2, "en"},
	{"caseworker6", "Dorcas Nekesa Wanjala", haki.RoleCaseworker, 3, "en"},
	{"caseworker7", "Collins Ochieng Owino", haki.RoleCaseworker, 3, "sw"},
	{"caseworker8", "Agnes Mwikali Mutua", haki.RoleCaseworker, 4, "en"},
	// Network professionals: doctors, counsellors and lawyers outside the staff.
	{"professional2", "Dr. Abdi Hussein Farah", haki.RoleProfessional, -1, "en"},
	{"professional3", "Dr. Lucy Wairimu Kariuki", haki.RoleProfessional, -1, "en"},
	{"professional4", "Dr. Isaac Wekesa Barasa", haki.RoleProfessional, -1, "en"},
	{"professional5", "Eunice Moraa Nyakundi", haki.RoleProfessional, -1, "sw"},
	{"professional6", "Peter Mwiti Kinoti", haki.RoleProfessional, -1, "en"},
	{"professional7", "Zainabu Athman Said", haki.RoleProfessional, -1, "sw"},
	{"professional8", "Judith Akinyi Ouko", haki.RoleProfessional, -1, "en"},
	{"professional9", "Dennis Kiptoo Langat", haki.RoleProfessional, -1, "en"},
	{"professional10", "Esther Ndinda Kioko", haki.RoleProfessional, -1, "en"},
	{"professional11", "Francis Gitau Ndungu", haki.RoleProfessional, -1, "en"},
	{"professional12", "Halima Ibrahim Noor", haki.RoleProfessional, -1, "sw"},
	// Field monitors and network journalists across the regions.
	{"monitor2", "Sadia Abdullahi Gedi", haki.RoleMonitor, 1, "sw"},
	{"monitor3", "Gideon Kiprotich Bett", haki.RoleMonitor, 2, "en"},
	{"monitor4", "Millicent Awino Ogola", haki.RoleMonitor, 3, "en"},
	{"monitor5", "Martin Kinoti Mugambi", haki.RoleMonitor, 4, "en"},
}

// staff are the emitted teams and users, indexed for the choices the
// incidents and cases make.
type staff struct {
	teams         []*haki.Team
	users         []*haki.User
	dataManager   string
	monitor       string
	caseworker    string
	professional  string
	caseworkers   [][]string // per team
	monitors      []string   // monitor first
	professionals []string   // professional first
}

func newStaff(r *rand.Rand, at time.Time) staff {
	s := staff{caseworkers: make([][]string, len(teamNames))}
	for _, n := range teamNames {
		s.teams = append(s.teams, &haki.Team{ID: uuid(r), Name: n})
	}
	for _, sp := range userSpecs {
		u := &haki.User{ID: uuid(r), Username: sp.username, DisplayName: sp.name, Role: sp.role,
			Language: sp.lang, CreatedAt: at, UpdatedAt: at}
		if sp.team >= 0 {
			u.TeamID = s.teams[sp.team].ID
		}
		s.users = append(s.users, u)
		switch sp.role {
		case haki.RoleCaseworker:
			s.caseworkers[sp.team] = append(s.caseworkers[sp.team], u.ID)
		case haki.RoleMonitor:
			s.monitors = append(s.monitors, u.ID)
		case haki.RoleProfessional:
			s.professionals = append(s.professionals, u.ID)
		}
		switch sp.username {
		case "datamanager":
			s.dataManager = u.ID
		case "monitor":
			s.monitor = u.ID
		case "caseworker":
			s.caseworker = u.ID
		case "professional":
			s.professional = u.ID
		}
	}
	return s
}

// entrant returns who registered an incident in the team's region: a
// caseworker of the team at intake, a field monitor, or a data manager
// entering media reports.
func (s *staff) entrant(r *rand.Rand, team int) string {
	switch n := r.IntN(100); {
	case n < 8:
		return s.monitor
	case n < 28:
		return oneOf(r, s.monitors)
	case n < 50:
		return s.dataManager
	}
	return oneOf(r, s.caseworkers[team])
}

// assignee returns a network professional for a case; the account named
// professional gets a larger share so it has a caseload to show.
func (s *staff) assignee(r *rand.Rand) string {
	if chance(r, 0.2) {
		return s.professional
	}
	return oneOf(r, s.professionals[1:])
}
