package haki

// SeedTerms are the controlled vocabularies Haki starts with, fit for Kenya.
// They are loaded once into an empty database; after that they are data an
// administrator edits.
var SeedTerms = seedTerms(map[string][][3]string{
	"incident_type": {
		{"torture", "Torture", "Mateso"},
		{"cidt", "Cruel, inhuman or degrading treatment", "Unyanyasaji wa kikatili, kinyama au kudhalilisha"},
		{"extrajudicial_execution", "Extrajudicial execution (police killing)", "Mauaji ya kiholela (mauaji ya polisi)"},
		{"death_in_custody", "Death in custody", "Kifo mikononi mwa polisi"},
		{"enforced_disappearance", "Enforced disappearance", "Kutoweshwa kwa nguvu"},
		{"sgbv", "Sexual and gender-based violence", "Ukatili wa kingono na wa kijinsia"},
		{"arbitrary_arrest", "Arbitrary arrest or detention", "Kukamatwa au kuzuiliwa kiholela"},
		{"excessive_force", "Excessive force in public-order policing", "Nguvu kupita kiasi katika kudhibiti umma"},
		{"threat_hrd", "Threats to human-rights defenders", "Vitisho kwa watetezi wa haki za binadamu"},
	},
	"context": {
		{"anti_crime", "Anti-crime operation", "Operesheni dhidi ya uhalifu"},
		{"protest", "Protest policing", "Kudhibiti maandamano"},
		{"custody", "In custody", "Kizuizini"},
		{"election", "Election-related", "Inayohusiana na uchaguzi"},
		{"counter_terrorism", "Counter-terrorism", "Kupambana na ugaidi"},
		{"eviction", "Eviction", "Kufukuzwa makwao"},
		{"domestic", "Domestic", "Nyumbani"},
		{"curfew", "Curfew or public-health enforcement", "Kutekeleza amri ya kutotoka nje"},
		{"traffic", "Traffic stop", "Ukaguzi wa barabarani"},
		{"other", "Other", "Nyingine"},
	},
	"verification": {
		{"unverified", "Unverified", "Haijathibitishwa"},
		{"being_verified", "Being verified", "Inathibitishwa"},
		{"verified", "Verified", "Imethibitishwa"},
		{"disputed", "Disputed", "Inapingwa"},
	},
	"act_type": {
		{"killing", "Killing", "Mauaji"},
		{"torture", "Torture", "Mateso"},
		{"ill_treatment", "Ill-treatment", "Unyanyasaji"},
		{"disappearance", "Enforced disappearance", "Kutoweshwa kwa nguvu"},
		{"sexual_violence", "Sexual violence", "Ukatili wa kingono"},
		{"arbitrary_detention", "Arbitrary arrest or detention", "Kukamatwa kiholela"},
		{"assault", "Assault", "Shambulio"},
		{"threat", "Threat or intimidation", "Vitisho"},
	},
	"method": {
		{"shooting", "Shooting", "Kupigwa risasi"},
		{"beating", "Beating", "Kupigwa"},
		{"stabbing", "Stabbing", "Kudungwa kisu"},
		{"suffocation", "Suffocation", "Kukosa hewa"},
		{"strangulation", "Strangulation", "Kunyongwa"},
		{"sexual_violence", "Sexual violence", "Ukatili wa kingono"},
		{"tear_gas", "Tear gas", "Gesi ya kutoa machozi"},
		{"stress_position", "Stress positions", "Kufungwa kwa mkao wa maumivu"},
		{"electric_shock", "Electric shock", "Mshtuko wa umeme"},
		{"burning", "Burning", "Kuchomwa"},
		{"abduction", "Abduction", "Utekaji nyara"},
		{"detention_incommunicado", "Incommunicado detention", "Kuzuiliwa bila mawasiliano"},
		{"vehicle", "Run over by a vehicle", "Kugongwa na gari"},
		{"other", "Other", "Nyingine"},
		{"unknown", "Unknown", "Haijulikani"},
	},
	"consequence": {
		{"death", "Death", "Kifo"},
		{"gunshot_wound", "Gunshot wound", "Jeraha la risasi"},
		{"fracture", "Fracture", "Kuvunjika mfupa"},
		{"soft_tissue", "Soft-tissue injuries", "Majeraha ya tishu laini"},
		{"head_injury", "Head injury", "Jeraha la kichwa"},
		{"permanent_disability", "Permanent disability", "Ulemavu wa kudumu"},
		{"psychological", "Psychological trauma", "Kiwewe cha kisaikolojia"},
		{"loss_of_property", "Loss of property or livelihood", "Kupoteza mali au riziki"},
		{"none_known", "None known", "Hakuna inayojulikana"},
	},
	"victim_status": {
		{"killed", "Killed", "Aliuawa"},
		{"injured", "Injured", "Alijeruhiwa"},
		{"missing", "Still missing", "Bado hajulikani alipo"},
		{"found_alive", "Found alive", "Alipatikana hai"},
		{"found_dead", "Found dead", "Alipatikana amekufa"},
		{"released", "Released", "Aliachiliwa"},
		{"detained", "Detained", "Yuko kizuizini"},
		{"unharmed", "Unharmed", "Hakudhurika"},
	},
	"service": {
		{"kps", "Kenya Police Service", "Huduma ya Polisi ya Kenya"},
		{"aps", "Administration Police Service", "Huduma ya Polisi wa Utawala"},
		{"dci", "Directorate of Criminal Investigations", "Idara ya Upelelezi wa Jinai"},
		{"gsu", "General Service Unit", "Kikosi cha GSU"},
		{"kdf", "Kenya Defence Forces", "Jeshi la Ulinzi la Kenya"},
		{"prisons", "Kenya Prisons Service", "Huduma ya Magereza ya Kenya"},
		{"county_enforcement", "County enforcement officers", "Askari wa kaunti"},
		{"kws", "Kenya Wildlife Service", "Huduma ya Wanyamapori ya Kenya"},
		{"unknown", "Unknown", "Haijulikani"},
	},
	"involvement": {
		{"direct", "Direct perpetrator", "Mhusika wa moja kwa moja"},
		{"command", "Gave the order", "Alitoa amri"},
		{"present", "Present, did not intervene", "Alikuwepo, hakuzuia"},
		{"cover_up", "Covered up", "Alificha ukweli"},
		{"suspected", "Suspected", "Anashukiwa"},
	},
	"source_kind": {
		{"survivor", "Survivor", "Mwathirika aliyenusurika"},
		{"family", "Family", "Familia"},
		{"witness", "Witness", "Shahidi"},
		{"professional", "Network professional", "Mtaalamu wa mtandao"},
		{"media", "Media article", "Habari za vyombo vya habari"},
		{"public_report", "Public report", "Ripoti ya umma"},
		{"partner", "Partner organisation", "Shirika mshirika"},
		{"official", "Official record", "Rekodi rasmi"},
	},
	"reliability": {
		{"confirmed", "Confirmed by other sources", "Imethibitishwa na vyanzo vingine"},
		{"probably_true", "Probably true", "Huenda ni kweli"},
		{"possibly_true", "Possibly true", "Inawezekana ni kweli"},
		{"doubtful", "Doubtful", "Yenye shaka"},
		{"cannot_judge", "Cannot be judged", "Haiwezi kutathminiwa"},
	},
	"sex": {
		{"male", "Male", "Mwanamume"},
		{"female", "Female", "Mwanamke"},
		{"intersex", "Intersex", "Mwenye jinsia mbili"},
		{"unknown", "Unknown", "Haijulikani"},
	},
	"client_relation": {
		{"survivor", "Survivor", "Mwathirika aliyenusurika"},
		{"parent", "Parent of the victim", "Mzazi wa mwathirika"},
		{"spouse", "Spouse of the victim", "Mume au mke wa mwathirika"},
		{"child", "Child of the victim", "Mtoto wa mwathirika"},
		{"sibling", "Sibling of the victim", "Ndugu wa mwathirika"},
		{"other_relative", "Other relative", "Jamaa mwingine"},
	},
	"intake_channel": {
		{"walk_in", "Walk-in", "Alifika ofisini"},
		{"hotline", "Hotline", "Simu ya dharura"},
		{"network_professional", "Network professional", "Mtaalamu wa mtandao"},
		{"partner_referral", "Partner referral", "Rufaa ya shirika mshirika"},
		{"public_report", "Public report", "Ripoti ya umma"},
		{"media_monitoring", "Media monitoring", "Ufuatiliaji wa vyombo vya habari"},
	},
	"case_status": {
		{"intake", "Intake", "Usajili"},
		{"assessment", "Assessment", "Tathmini"},
		{"active", "Active", "Inaendelea"},
		{"on_hold", "On hold", "Imesimamishwa"},
		{"closed", "Closed", "Imefungwa"},
	},
	"closure_reason": {
		{"services_completed", "Services completed", "Huduma zimekamilika"},
		{"referred_out", "Referred out", "Amepewa rufaa nje"},
		{"lost_to_follow_up", "Lost to follow-up", "Amepotea katika ufuatiliaji"},
		{"withdrawn", "Withdrawn", "Amejiondoa"},
		{"deceased", "Deceased", "Amefariki"},
	},
	// A public report's place in triage (ReportStatuses).
	"report_status": {
		{"new", "New", "Mpya"},
		{"being_verified", "Being verified", "Inathibitishwa"},
		{"verified", "Verified", "Imethibitishwa"},
		{"duplicate", "Duplicate", "Imerudiwa"},
		{"rejected", "Rejected", "Imekataliwa"},
	},
	// What a quick alert says is happening (AlertKinds).
	"alert_kind": {
		{"taken", "Someone taken", "Mtu amechukuliwa"},
		{"beaten", "Someone beaten", "Mtu amepigwa"},
		{"shot", "Someone shot", "Mtu amepigwa risasi"},
		{"missing", "Someone missing", "Mtu hajulikani alipo"},
		{"killed", "Someone killed", "Mtu ameuawa"},
		{"other", "Something else", "Jambo jingine"},
	},
})

func seedTerms(m map[string][][3]string) []Term {
	var out []Term
	for _, vocab := range Vocabularies {
		for i, t := range m[vocab] {
			out = append(out, Term{Vocab: vocab, Code: t[0], LabelEN: t[1], LabelSW: t[2], Sort: (i + 1) * 10, Active: true})
		}
	}
	return out
}
