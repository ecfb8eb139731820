package demo

// countyInfo is what the generator knows of a county beyond the gazetteer:
// its main town (for the main police station), a rough centre, how often
// each kind of violation happens there, who lives there, and some places.
type countyInfo struct {
	num      int     // official code, 1 (Mombasa) to 47 (Nairobi)
	town     string  // main town; "<town> Police Station" is its main station
	lat, lon float64 // rough centre of the main town
	// weights of the county for killings, disappearances, protests and
	// everything else. Killings follow the published Missing Voices county
	// figures (Nairobi about 40%, then Kiambu, Migori, Kakamega, Nakuru,
	// Mombasa, Kisumu); disappearances the counter-terrorism counties;
	// protests Nairobi and the opposition strongholds around Kisumu;
	// everything else roughly population.
	weights [4]int
	comm    community // main community, for names
	share   float64   // share of residents from the main community
	// places are "place/sub-county/station": the sub-county may list
	// spellings separated by "|" (the gazetteer's first, later fixes
	// second); an empty sub-county means the gazetteer lacks it; an empty
	// station means the main one.
	places []string
}

// The weight columns of countyInfo.weights.
const (
	wKill = iota
	wDis
	wProt
	wGen
)

var countyTable = []countyInfo{
	{1, "Mombasa", -4.04, 39.67, [4]int{70, 150, 50, 50}, coastal, 0.5, []string{
		"Kisauni/Kisauni/Kisauni Police Station", "Bamburi/Kisauni/Bamburi Police Station",
		"Mtopanga/Kisauni/Kisauni Police Station", "Mishomoroni/Kisauni/Kisauni Police Station",
		"Majengo/Mvita/", "Old Town/Mvita/", "Likoni/Likoni/Likoni Police Station",
		"Shika Adabu/Likoni/Likoni Police Station", "Changamwe/Changamwe/Changamwe Police Station",
		"Chaani/Changamwe/Changamwe Police Station", "Mikindani/Jomvu/Mikindani Police Station",
		"Kongowea/Nyali/Nyali Police Station", "Frere Town/Nyali/Nyali Police Station",
		"Bombolulu/Kisauni/Bamburi Police Station"}},
	{2, "Kwale", -4.17, 39.45, [4]int{12, 40, 5, 15}, coastal, 0.8, []string{
		"Ukunda/Msambweni/Diani Police Station", "Diani/Msambweni/Diani Police Station", "Msambweni/Msambweni/",
		"Kinango/Kinango/", "Lunga Lunga/Lungalunga|Lunga Lunga/", "Kwale town/Mutuga|Matuga/"}},
	{3, "Kilifi", -3.63, 39.85, [4]int{15, 30, 8, 25}, coastal, 0.8, []string{
		"Mtwapa/Kilifi South/Mtwapa Police Station", "Malindi/Malindi/Malindi Police Station",
		"Watamu/Malindi/Malindi Police Station", "Kilifi town/Kilifi North/", "Mariakani/Kaloleni/",
		"Mazeras/Rabai/"}},
	{4, "Hola", -1.50, 40.03, [4]int{4, 10, 2, 6}, coastal, 0.8, []string{
		"Hola/Galole/", "Garsen/Garsen/", "Bura/Bura/", "Madogo/Bura/"}},
	{5, "Lamu", -2.27, 40.90, [4]int{8, 60, 2, 5}, coastal, 0.7, []string{
		"Mpeketoni/Lamu West/Mpeketoni Police Station", "Lamu Old Town/Lamu West/", "Witu/Lamu West/",
		"Hindi/Lamu West/", "Kiunga/Lamu East/", "Faza/Lamu East/"}},
	{6, "Voi", -3.40, 38.56, [4]int{5, 3, 3, 8}, coastal, 0.8, []string{
		"Voi/Voi/", "Taveta/Taveta/", "Wundanyi/Wundanyi/", "Mwatate/Mwatate/"}},
	{7, "Garissa", -0.45, 39.65, [4]int{15, 100, 3, 12}, somali, 0.9, []string{
		"Garissa town/Garissa/", "Bula Iftin/Garissa/", "Dadaab/Daadab|Dadaab/Dadaab Police Station",
		"Masalani/Ijara/", "Modogashe/Lagdera/"}},
	{8, "Wajir", 1.75, 40.06, [4]int{6, 50, 2, 8}, somali, 0.95, []string{
		"Wajir town/Wajir East/", "Habaswein/Wajir South/", "Griftu/Wajir West/", "Bute/Wajir North/",
		"Tarbaj/Tarbaj/", "Eldas/Eldas/"}},
	{9, "Mandera", 3.94, 41.86, [4]int{12, 90, 2, 10}, somali, 0.95, []string{
		"Mandera town/Mandera East/", "Elwak/Mandera South/Elwak Police Station", "Rhamu/Mandera North/",
		"Takaba/Mandera West/", "Banissa/Banissa/", "Lafey/Lafey/"}},
	{10, "Marsabit", 2.33, 37.99, [4]int{5, 15, 2, 6}, pastoral, 0.8, []string{
		"Marsabit town/Saku/", "Moyale/Moyale/Moyale Police Station", "Laisamis/Laisamis/",
		"North Horr/North Hor|North Horr/"}},
	{11, "Isiolo", 0.35, 37.58, [4]int{6, 20, 2, 6}, pastoral, 0.6, []string{
		"Isiolo town/Central|Isiolo Central/", "Garbatulla/Garba Tula/", "Kinna/Kina|Kinna/",
		"Oldonyiro/Oldonyiro/"}},
	{12, "Meru", 0.05, 37.65, [4]int{18, 5, 6, 25}, meru, 0.9, []string{
		"Meru town/Imenti North/", "Maua/Igembe South/Maua Police Station", "Nkubu/Imenti South/",
		"Timau/Buuri/", "Kianjai/Tigania West/"}},
	{13, "Chuka", -0.33, 37.65, [4]int{4, 2, 2, 8}, meru, 0.9, []string{
		"Chuka/Chuka/", "Chogoria/Maara/", "Marimanti/Tharaka South/"}},
	{14, "Embu", -0.53, 37.45, [4]int{8, 3, 3, 12}, meru, 0.85, []string{
		"Embu town/Manyatta/", "Runyenjes/Runyenjes/", "Siakago/Mbeere North/", "Kiritiri/Mbeere South/"}},
	{15, "Kitui", -1.37, 38.01, [4]int{6, 3, 3, 18}, kamba, 0.9, []string{
		"Kitui town/Kitui Central/", "Mwingi/Mwingi Central/", "Mutomo/Mutomo/", "Kabati/Kitui West/"}},
	{16, "Machakos", -1.52, 37.26, [4]int{25, 8, 10, 25}, kamba, 0.8, []string{
		"Machakos town/Machakos Town/", "Athi River/Mavoko/Athi River Police Station",
		"Mlolongo/Mavoko/Athi River Police Station", "Syokimau/Mavoko/Athi River Police Station",
		"Tala/Matungulu/", "Masinga/Masinga/", "Matuu/Yatta/"}},
	{17, "Wote", -1.78, 37.63, [4]int{12, 2, 3, 16}, kamba, 0.9, []string{
		"Wote/Makueni/", "Kibwezi/Kibwezi East/", "Makindu/Kibwei West|Kibwezi West/", "Mbooni/Mbooni/",
		"Sultan Hamud/Kilome/"}},
	{18, "Ol Kalou", -0.27, 36.38, [4]int{5, 2, 2, 12}, kikuyu, 0.9, []string{
		"Ol Kalou/Ol Kalou/", "Engineer/Kinangop/", "Njabini/Kinangop/", "Ndaragwa/Ndaragwa/"}},
	{19, "Nyeri", -0.42, 36.95, [4]int{8, 2, 4, 15}, kikuyu, 0.9, []string{
		"Nyeri town/Nyeri Town/", "Karatina/Mathira East/Karatina Police Station", "Othaya/Othaya/",
		"Naro Moru/Kieni East/", "Mweiga/Kieni West/"}},
	{20, "Kerugoya", -0.50, 37.28, [4]int{6, 2, 3, 12}, kikuyu, 0.9, []string{
		"Kerugoya/Kirinyaga Central/", "Kutus/Kirinyaga Central/", "Wang'uru/Mwea East/",
		"Kianyaga/Kirinyaga East/"}},
	{21, "Murang'a", -0.72, 37.15, [4]int{10, 3, 4, 16}, kikuyu, 0.9, []string{
		"Murang'a town/Kiharu/", "Kenol/Murang’a South|Murang'a South/", "Kangema/Kangema/",
		"Kandara/Kandara/", "Kigumo/Kigumo/"}},
	{22, "Kiambu", -1.17, 36.83, [4]int{90, 20, 30, 50}, kikuyu, 0.7, []string{
		"Thika/Thika Town/Thika Police Station", "Kiandutu/Thika Town/Thika Police Station",
		"Ruiru/Ruiru/Ruiru Police Station", "Githurai 45/Ruiru/Ruiru Police Station",
		"Kahawa Wendani/Ruiru/Ruiru Police Station", "Juja/Juja/Juja Police Station",
		"Kikuyu/Kikuyu/Kikuyu Police Station", "Kiambu town/Kiambu/", "Limuru/Limuru/",
		"Wangige/Kabete/", "Githunguri/Githunguri/", "Banana/Kiambaa/"}},
	{23, "Lodwar", 3.12, 35.60, [4]int{5, 2, 2, 12}, pastoral, 0.9, []string{
		"Lodwar/Turkana Central/", "Kalokol/Turkana Central/", "Lokichar/Turkana South/",
		"Lokori/Turkana East/", "Lorugum/Loima/", "Kakuma//"}},
	{24, "Kapenguria", 1.24, 35.11, [4]int{4, 2, 1, 8}, kalenjin, 0.9, []string{
		"Kapenguria/West Pokot/", "Kacheliba/North Pokot/", "Alale/North Pokot/", "Sigor/Central Pokot/"}},
	{25, "Maralal", 1.10, 36.70, [4]int{3, 2, 1, 5}, pastoral, 0.9, []string{
		"Maralal/Samburu West/", "Baragoi/Samburu North/", "Archers Post/Samburu East/", "Wamba/Samburu East/"}},
	{26, "Kitale", 1.02, 35.00, [4]int{8, 2, 4, 15}, luhya, 0.6, []string{
		"Kitale town/Saboti/", "Endebess/Endebess/", "Kiminini/Kiminini/", "Kwanza/Kwanza/",
		"Cherangany/Cherangany/"}},
	{27, "Eldoret", 0.52, 35.27, [4]int{40, 5, 12, 25}, kalenjin, 0.6, []string{
		"Langas/Kapseret/", "Huruma/Turbo/", "Kapseret/Kapseret/", "Burnt Forest/Ainabkoi/",
		"Turbo/Turbo/", "Moiben/Moiben/"}},
	{28, "Iten", 0.67, 35.51, [4]int{4, 1, 2, 6}, kalenjin, 0.95, []string{
		"Iten/Keiyo North/", "Kapsowar/Marakwet West/", "Tot/Marakwet East/", "Chepkorio/Keiyo South/"}},
	{29, "Kapsabet", 0.20, 35.10, [4]int{6, 1, 2, 12}, kalenjin, 0.9, []string{
		"Kapsabet/Emgwen/", "Nandi Hills/Namdi Hills|Nandi Hills/", "Mosoriot/Chesumei/", "Kabiyet/Mosop/"}},
	{30, "Kabarnet", 0.49, 35.74, [4]int{6, 2, 2, 10}, kalenjin, 0.85, []string{
		"Kabarnet/Baringo Central/", "Marigat/Baringo South/", "Eldama Ravine/Eldama Ravine/",
		"Chemolingot/Tiaty/", "Mogotio/Mogotio/", "Kabartonjo/Baringo North/"}},
	{31, "Nanyuki", 0.02, 37.07, [4]int{6, 2, 3, 8}, kikuyu, 0.6, []string{
		"Nanyuki/Laikipia East/", "Rumuruti/Laikipia West/", "Nyahururu/Nyahururu/", "Doldol/Laikipia North/"}},
	{32, "Nakuru", -0.30, 36.07, [4]int{50, 10, 25, 40}, kikuyu, 0.5, []string{
		"Kaptembwo/Nakuru Town West/Nakuru Central Police Station", "Rhonda/Nakuru Town West/Nakuru Central Police Station",
		"Bondeni/Nakuru Town East/Nakuru Central Police Station", "Free Area/Nakuru Town East/Nakuru Central Police Station",
		"Naivasha/Naivasha/Naivasha Police Station", "Karagita/Naivasha/Naivasha Police Station",
		"Molo/Molo/Molo Police Station", "Njoro/Njoro/Njoro Police Station", "Gilgil/Gilgil/Gilgil Police Station",
		"Mau Narok/Njoro/Njoro Police Station", "Salgaa/Rongai/", "Subukia/Subukia/"}},
	{33, "Narok", -1.08, 35.87, [4]int{8, 2, 6, 15}, pastoral, 0.7, []string{
		"Narok town/Narok North/", "Kilgoris/Transmara West/", "Ololulunga/Narok South/", "Suswa/Narok East/"}},
	{34, "Kajiado", -1.85, 36.78, [4]int{20, 8, 10, 20}, pastoral, 0.4, []string{
		"Kitengela/Isinya/Kitengela Police Station", "Ongata Rongai/Kajiado North/Ongata Rongai Police Station",
		"Ngong/Kajiado North/Ngong Police Station", "Kajiado town/Kajiado Central/", "Namanga/Kajiado Central/",
		"Loitokitok/Loitokitok/", "Isinya/Isinya/Kitengela Police Station"}},
	{35, "Kericho", -0.37, 35.28, [4]int{6, 1, 3, 12}, kalenjin, 0.85, []string{
		"Kericho town/Ainamoi/", "Litein/Bureti/", "Kipkelion/Kipkelion West/", "Londiani/Kipkelion East/",
		"Sosiot/Belgut/"}},
	{36, "Bomet", -0.78, 35.34, [4]int{4, 1, 2, 12}, kalenjin, 0.95, []string{
		"Bomet town/Bomet Central/", "Sotik/Sotik/", "Longisa/Bomet East/", "Sigor/Chepalungu/",
		"Mogogosiek/Konoin/"}},
	{37, "Kakamega", 0.28, 34.75, [4]int{45, 4, 10, 30}, luhya, 0.95, []string{
		"Kakamega town/Lurambi/", "Shinyalu/Kakamega East/", "Lumakanda/Lugari/", "Butere/Butere/",
		"Mumias/Mumias|Mumias West/Mumias Police Station", "Navakholo/Navakholo/", "Matungu/Mutungu|Matungu/",
		"Khwisero/Khwisero/", "Malava/Kakamega North/"}},
	{38, "Vihiga", 0.08, 34.72, [4]int{6, 1, 3, 10}, luhya, 0.95, []string{
		"Mbale/Vihiga/", "Majengo/Vihiga/", "Luanda/Luanda/", "Chavakali/Sabatia/", "Hamisi/Hamisi/"}},
	{39, "Bungoma", 0.56, 34.56, [4]int{18, 3, 6, 25}, luhya, 0.9, []string{
		"Bungoma town/Kanduyi/", "Webuye/Webuye East/Webuye Police Station", "Kimilili/Kimilil|Kimilili/",
		"Chwele/Kabuchai/", "Kapsokwony/Mt Elgon/", "Cheptais/Mt Elgon/", "Tongaren/Tongaren/"}},
	{40, "Busia", 0.46, 34.11, [4]int{10, 4, 5, 14}, luhya, 0.7, []string{
		"Busia town//", "Malaba/Teso North/Malaba Police Station", "Port Victoria/Budalangi/",
		"Butula/Butula/", "Funyula/Funyula/"}},
	{41, "Siaya", 0.06, 34.29, [4]int{10, 2, 10, 16}, luo, 0.95, []string{
		"Siaya town/Alego Usonga/", "Bondo/Bondo/", "Usenge/Bondo/", "Ugunja/Unguja|Ugunja/", "Yala/Gem/",
		"Madiany/Rarieda/"}},
	{42, "Kisumu", -0.09, 34.77, [4]int{50, 8, 70, 25}, luo, 0.85, []string{
		"Obunga/Kisumu East/Kondele Police Station", "Kondele/Kisumu Central/Kondele Police Station",
		"Manyatta/Kisumu East/Kondele Police Station", "Nyalenda/Kisumu Central/",
		"Nyamasaria/Kisumu East/", "Otonglo/Kisumu West/", "Maseno/Kisumu West/Maseno Police Station",
		"Ahero/Nyando/Ahero Police Station", "Muhoroni/Mohoroni|Muhoroni/", "Pap Onditi/Nyakach/",
		"Kombewa/Seme/"}},
	{43, "Homa Bay", -0.53, 34.46, [4]int{15, 2, 20, 18}, luo, 0.95, []string{
		"Homa Bay town/Homabay Town|Homa Bay Town/", "Mbita/Mbita/", "Oyugis/Kasipul/",
		"Kendu Bay/Karachwonyo|Karachuonyo/", "Ndhiwa/Ndhiwa/", "Sindo/Suba/"}},
	{44, "Migori", -1.06, 34.47, [4]int{45, 3, 15, 18}, luo, 0.7, []string{
		"Migori town/Suna East/", "Awendo/Awendo/", "Rongo/Rongo/", "Isebania/Kuria West/Isebania Police Station",
		"Kehancha/Kuria West/", "Uriri/Uriri/", "Ntimaru/Ntimaru/"}},
	{45, "Kisii", -0.68, 34.77, [4]int{20, 3, 8, 20}, kisii, 0.95, []string{
		"Kisii town/Nyaribari Chache/", "Keroka/Nyaribari Masaba/", "Ogembo/Bomachoge Borabu/",
		"Suneka/Bonchari/", "Marani/Kitutu Chache North/", "Nyamache/Bobasi/", "Daraja Mbili/Kitutu Chache South/"}},
	{46, "Nyamira", -0.57, 34.94, [4]int{6, 1, 3, 10}, kisii, 0.95, []string{
		"Nyamira town/Nyamira South/", "Ekerenyo/Nyamira North/", "Nyansiongo/Borabu/", "Manga/Manga/"}},
	{47, "Nairobi", -1.286, 36.82, [4]int{520, 250, 300, 150}, mixed, 0, []string{
		"Kayole/Embakasi Central/Kayole Police Station", "Mathare North/Ruaraka/Mathare Police Station",
		"Dandora/Embakasi North/Dandora Police Station", "Kibera/Kibra/Kibera Police Station",
		"Mukuru kwa Njenga/Embakasi South/Industrial Area Police Station",
		"Mukuru kwa Reuben/Embakasi South/Industrial Area Police Station",
		"Korogocho/Ruaraka/Kasarani Police Station", "Huruma/Mathare/Huruma Police Station",
		"Eastleigh/Kamukunji/Pangani Police Station", "Majengo/Kamukunji/Shauri Moyo Police Station",
		"Kawangware/Dagoretti North/Kabete Police Station", "Kangemi/Westlands/Kabete Police Station",
		"Githurai 44/Roysambu/Kasarani Police Station", "Kariobangi South/Embakasi North/Buruburu Police Station",
		"Umoja/Embakasi West/Buruburu Police Station", "Mlango Kubwa/Mathare/Pangani Police Station",
		"Kiamaiko/Mathare/Huruma Police Station", "Kasarani/Kasarani/Kasarani Police Station",
		"Mwiki/Kasarani/Kasarani Police Station", "Ruai/Kasarani/Ruai Police Station",
		"Pipeline/Embakasi South/Embakasi Police Station", "Maringo/Makadara/Makadara Police Station",
		"Makongeni/Makadara/Makadara Police Station", "Kilimani/Dagoretti North/Kilimani Police Station",
		"Lang'ata/Lang'ata/Lang'ata Police Station", "Nairobi CBD/Starehe/Central Police Station (Nairobi)",
		"Ngara/Starehe/Central Police Station (Nairobi)", "Pumwani/Kamukunji/Kamukunji Police Station",
		"Soweto/Embakasi East/Kayole Police Station", "Baba Dogo/Ruaraka/Kasarani Police Station",
		"Kariobangi North/Embakasi North/Dandora Police Station", "Shauri Moyo/Kamukunji/Shauri Moyo Police Station"}},
}

// teamOf returns the index in teamNames of the regional team that covers
// the county with the official number.
func teamOf(num int) int {
	switch {
	case num == 47:
		return 0
	case num <= 9:
		return 1
	case num <= 22:
		return 4
	case num <= 36:
		return 2
	}
	return 3
}

// teamNames are the regional teams, Nairobi first.
var teamNames = []string{"Nairobi", "Coast & North Eastern", "Rift Valley", "Western & Nyanza", "Central & Eastern"}
