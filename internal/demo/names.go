package demo

import "math/rand/v2"

// Kenyan naming follows a few common patterns: a Christian or Muslim given
// name, often a name in the family's language, and a surname that is
// usually a father's or grandfather's name. These lists are common names
// assembled by hand; none comes from a dataset of real victims.

// community indexes the name lists below.
type community int

const (
	kikuyu community = iota
	luo
	luhya
	kalenjin
	kamba
	kisii
	meru
	coastal
	somali
	pastoral // Maasai, Samburu, Turkana, Borana
	mixed    // Nairobi and other towns: anyone
)

// nationalMix is roughly each community's share of Kenya's population,
// used for towns where everyone lives.
var nationalMix = newTable(22, 13, 17, 15, 11, 6, 7, 5, 3, 3)

type nameList struct {
	male, female, surnames []string
	christian              float64 // share with a Christian given name first
}

var christianMale = []string{"John", "Peter", "James", "Joseph", "David", "Samuel", "Daniel", "Paul",
	"Stephen", "Michael", "George", "Brian", "Kevin", "Dennis", "Collins", "Evans", "Victor", "Felix",
	"Moses", "Isaac", "Emmanuel", "Francis", "Patrick", "Charles", "Geoffrey", "Erick", "Duncan",
	"Martin", "Simon", "Anthony", "Vincent", "Kennedy", "Wycliffe", "Boniface", "Elvis", "Ian", "Alex",
	"Fredrick", "Benard", "Joshua", "Gideon", "Nicholas", "Philip", "Edwin", "Amos", "Cyrus", "Enock"}

var christianFemale = []string{"Mary", "Grace", "Faith", "Mercy", "Jane", "Esther", "Ann", "Lucy",
	"Joyce", "Caroline", "Purity", "Beatrice", "Sharon", "Eunice", "Janet", "Margaret", "Alice",
	"Irene", "Winnie", "Dorcas", "Rose", "Christine", "Judith", "Lilian", "Nancy", "Ruth", "Brenda",
	"Diana", "Elizabeth", "Pauline", "Catherine", "Agnes", "Susan", "Naomi", "Gladys", "Millicent"}

var nameLists = [...]nameList{
	kikuyu: {christian: 0.8,
		male: []string{"Kamau", "Mwangi", "Njoroge", "Kariuki", "Maina", "Kimani", "Githinji", "Waweru",
			"Gitau", "Ndungu", "Macharia", "Kinyua", "Mugo", "Muriuki", "Wainaina", "Njuguna", "Kiarie", "Karanja"},
		female: []string{"Wanjiru", "Wambui", "Njeri", "Wanjiku", "Nyambura", "Wairimu", "Wangari", "Muthoni",
			"Wangui", "Njoki", "Waithera", "Nyokabi", "Wacera", "Wamaitha"},
		surnames: []string{"Kamau", "Mwangi", "Njoroge", "Kariuki", "Maina", "Kimani", "Githinji", "Waweru",
			"Gitau", "Ndungu", "Macharia", "Kinyua", "Mugo", "Muriuki", "Wainaina", "Njuguna", "Kiarie",
			"Karanja", "Thuo", "Gachanja", "Ng'ang'a", "Wachira", "Mbugua", "Gathoni", "Irungu"}},
	luo: {christian: 0.85,
		male: []string{"Otieno", "Ochieng", "Onyango", "Odhiambo", "Omondi", "Owino", "Ouma", "Okoth",
			"Oduor", "Otieno", "Juma", "Opiyo", "Okello"},
		female: []string{"Achieng", "Akinyi", "Atieno", "Adhiambo", "Awino", "Anyango", "Auma", "Akoth",
			"Apiyo", "Aoko", "Adongo"},
		surnames: []string{"Otieno", "Ochieng", "Omondi", "Onyango", "Odhiambo", "Owino", "Okoth", "Ouma",
			"Oloo", "Opiyo", "Ogola", "Obiero", "Okello", "Oduor", "Ouko", "Odera", "Ojwang", "Otiende",
			"Owuor", "Oketch"}},
	luhya: {christian: 0.85,
		male: []string{"Wafula", "Wanjala", "Barasa", "Simiyu", "Wekesa", "Makokha", "Wasike", "Shikuku",
			"Khaemba", "Masinde", "Mukhwana", "Wamalwa", "Wangila", "Juma"},
		female: []string{"Nafula", "Nanjala", "Nekesa", "Naliaka", "Nasimiyu", "Nabwire", "Namalwa",
			"Khavere", "Nerima", "Nasike"},
		surnames: []string{"Wafula", "Wanjala", "Barasa", "Simiyu", "Wekesa", "Makokha", "Wasike",
			"Shikuku", "Khaemba", "Masinde", "Mukhwana", "Wamalwa", "Amukoye", "Ambani", "Shitanda",
			"Lumbasi", "Wangila", "Musungu", "Omusula", "Mulama"}},
	kalenjin: {christian: 0.7,
		male: []string{"Kiprono", "Kipchumba", "Kipkemboi", "Kiprotich", "Kibet", "Kiptoo", "Cheruiyot",
			"Kipkorir", "Kipngeno", "Kiplagat"},
		female: []string{"Chebet", "Chepkoech", "Jepchirchir", "Jepkosgei", "Chepngetich", "Cherono",
			"Jerono", "Chelangat", "Jeptoo", "Chepkemoi"},
		surnames: []string{"Kiprono", "Rotich", "Koech", "Langat", "Kirui", "Mutai", "Cheruiyot", "Bett",
			"Kosgei", "Sang", "Kiptoo", "Kibet", "Kemboi", "Too", "Tanui", "Ngeno", "Chirchir", "Kipkorir"}},
	kamba: {christian: 0.85,
		male: []string{"Mutua", "Musyoka", "Mwendwa", "Kioko", "Mutuku", "Muli", "Nzioka", "Kilonzo", "Mumo",
			"Kyalo", "Wambua", "Musau", "Mwanzia"},
		female: []string{"Mwikali", "Ndinda", "Mumbua", "Kavata", "Syombua", "Mwende", "Katunge", "Nduku",
			"Kanini", "Mutheu"},
		surnames: []string{"Mutua", "Musyoka", "Mwendwa", "Kioko", "Mutuku", "Muli", "Nzioka", "Kilonzo",
			"Mumo", "Kyalo", "Wambua", "Musau", "Ndambuki", "Mbithi", "Muthoka", "Kimeu", "Nthenge"}},
	kisii: {christian: 0.85,
		male: []string{"Ondieki", "Onyancha", "Omwenga", "Nyakundi", "Mogaka", "Ombati", "Makori", "Mokaya",
			"Obare", "Momanyi", "Nyang'au"},
		female: []string{"Kemunto", "Moraa", "Kerubo", "Nyaboke", "Kwamboka", "Nyanchama", "Bosibori",
			"Nyamoita", "Kemuma"},
		surnames: []string{"Ondieki", "Onyancha", "Omwenga", "Nyakundi", "Mogaka", "Ombati", "Makori",
			"Mokaya", "Obare", "Momanyi", "Nyang'au", "Nyamweya", "Osoro", "Onsongo", "Ogeto", "Matara"}},
	meru: {christian: 0.85,
		male: []string{"Murithi", "Mutwiri", "Kirimi", "Gitonga", "Mwiti", "Kinoti", "Mugambi", "Kaimenyi",
			"Mutembei", "Njagi", "Nyaga", "Ireri"},
		female: []string{"Kagendo", "Nkirote", "Kawira", "Makena", "Kendi", "Gakii", "Karimi", "Mukami",
			"Wawira", "Kanini"},
		surnames: []string{"Murithi", "Mutwiri", "Kirimi", "Gitonga", "Mwiti", "Kinoti", "Mugambi",
			"Kaimenyi", "Mutembei", "Njagi", "Nyaga", "Ireri", "Muthuri", "Kobia", "Marete"}},
	coastal: {christian: 0.3,
		male: []string{"Hamisi", "Juma", "Bakari", "Salim", "Omar", "Rashid", "Athman", "Said", "Hassan",
			"Ali", "Mohamed", "Swaleh", "Kazungu", "Karisa", "Baya", "Charo", "Katana", "Kahindi", "Mwalimu",
			"Mwakio", "Idd", "Abdalla"},
		female: []string{"Mwanaisha", "Fatuma", "Zainabu", "Mwanajuma", "Halima", "Rehema", "Amina", "Kadzo",
			"Dama", "Sidi", "Riziki", "Mapenzi", "Saumu", "Mishi", "Tatu"},
		surnames: []string{"Hassan", "Omar", "Said", "Bakari", "Juma", "Athman", "Salim", "Mwinyi",
			"Kazungu", "Karisa", "Katana", "Charo", "Baya", "Kahindi", "Mwachiro", "Nyale", "Mramba",
			"Mwakio", "Mwadime", "Abdalla", "Swaleh", "Chengo", "Masha"}},
	somali: {christian: 0,
		male: []string{"Abdi", "Abdullahi", "Mohamed", "Ahmed", "Hussein", "Hassan", "Ibrahim", "Yusuf",
			"Ismail", "Osman", "Aden", "Farah", "Abdirahman", "Abdikadir", "Mahat", "Bashir", "Khalif"},
		female: []string{"Fatuma", "Halima", "Hawa", "Amina", "Khadija", "Sahra", "Faduma", "Ubah", "Hodan",
			"Maryan", "Asha", "Deka", "Sadia"},
		surnames: []string{"Abdi", "Mohamed", "Hussein", "Farah", "Ali", "Aden", "Ahmed", "Osman", "Ibrahim",
			"Omar", "Issack", "Noor", "Sheikh", "Hassan", "Abdullahi", "Gedi", "Mohamud", "Dahir", "Billow"}},
	pastoral: {christian: 0.55,
		male: []string{"Lemayian", "Saitoti", "Sankale", "Lekishon", "Leshan", "Parsimei", "Ekai", "Lokwang",
			"Ekiru", "Lokeno", "Ewoi", "Guyo", "Galgalo", "Wario", "Boru", "Jillo", "Halake"},
		female: []string{"Naserian", "Nashipai", "Sanaipei", "Naisula", "Resiato", "Nalangu", "Akiru",
			"Nakiru", "Ataa", "Dabo", "Qabale", "Sora"},
		surnames: []string{"Sankale", "Saitoti", "Lemayian", "Kisemei", "Meitamei", "Lekishon", "Parsimei",
			"Lenkoe", "Ekai", "Lokwang", "Ekiru", "Lokeno", "Ewoi", "Lomuria", "Guyo", "Galgalo", "Wario",
			"Boru", "Jillo", "Dida", "Roba"}},
}

// nicknames are street names that appear as aliases in reports.
var nicknames = []string{"Sonko", "Kevo", "Babu", "Toto", "Dogo", "Mwas", "Otis", "Jeshi", "Chizi",
	"Mlami", "Kinyash", "Baba Yao", "Bonnie", "Stevo", "Shiro", "Nyash", "Teacher", "Mzee", "Kapteni"}

// name is a generated person's name in parts, kept so relatives can share
// the surname and narratives can use the given name.
type name struct {
	first, middle, last string
	comm                community
}

func (n name) full() string {
	if n.middle == "" {
		return n.first + " " + n.last
	}
	return n.first + " " + n.middle + " " + n.last
}

// pickCommunity returns the community of a person living in a county whose
// main community is c, shared with people from elsewhere.
func pickCommunity(r *rand.Rand, c community, share float64) community {
	if c == mixed || !chance(r, share) {
		return community(nationalMix.pick(r))
	}
	return c
}

// givenName returns a first name for the sex in the community's style.
func givenName(r *rand.Rand, c community, male bool) string {
	l := &nameLists[c]
	if chance(r, l.christian) {
		if male {
			return oneOf(r, christianMale)
		}
		return oneOf(r, christianFemale)
	}
	return ethnicName(r, c, male)
}

func ethnicName(r *rand.Rand, c community, male bool) string {
	if male {
		return oneOf(r, nameLists[c].male)
	}
	return oneOf(r, nameLists[c].female)
}

// newName returns a plausible full name: given name, often a name in the
// family's language, and a surname.
func newName(r *rand.Rand, c community, male bool) name {
	n := name{comm: c, first: givenName(r, c, male), last: oneOf(r, nameLists[c].surnames)}
	if chance(r, 0.45) {
		n.middle = ethnicName(r, c, male)
		if n.middle == n.first || n.middle == n.last {
			n.middle = ""
		}
	}
	if n.first == n.last {
		n.last = oneOf(r, nameLists[c].surnames)
	}
	return n
}

// spellings are other ways the same names are written in reports and on
// identity cards, which duplicate detection has to see through.
var spellings = map[string]string{"Mohamed": "Mohammed", "Ahmed": "Ahmad", "Hussein": "Hussain",
	"Abdullahi": "Abdulahi", "Abdalla": "Abdallah", "Idd": "Iddi", "Hamisi": "Hamis", "Swaleh": "Swalehe",
	"Ng'ang'a": "Nganga", "Nyang'au": "Nyangau", "Fredrick": "Frederick", "Benard": "Bernard",
	"Erick": "Eric", "Geoffrey": "Jeffrey", "Wycliffe": "Wycliff", "Dennis": "Denis", "Evans": "Evance",
	"Isaac": "Isaack", "Issack": "Isaac", "Mohamud": "Mohamed", "Ochieng": "Ochieng'"}

// otherName returns an alias, as different sources report the person: a
// name spelt differently, a street name, or the names in another order.
func otherName(r *rand.Rand, n name) string {
	for _, part := range []*string{&n.first, &n.middle, &n.last} {
		if alt, ok := spellings[*part]; ok {
			*part = alt
			return n.full()
		}
	}
	if chance(r, 0.5) {
		return oneOf(r, nicknames)
	}
	if n.middle != "" {
		return n.middle + " " + n.last
	}
	return n.last + " " + n.first
}
