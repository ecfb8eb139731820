package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// PublicReport is one report the demo's public sends, with what triage has
// done with it so far. The names in it are generated (names.go), never
// taken from a dataset of real people.
type PublicReport struct {
	Report haki.PublicReport
	Key    string             // the phone's idempotency key (web and USSD)
	SMS    *haki.InboundSMS   // set for an SMS report: it arrives through ReceiveSMS
	At     time.Time          // when it arrives
	Triage []PublicReportStep // in order, each a little after the last
}

// PublicReportStep is one thing a colleague in triage did with a report.
type PublicReportStep struct {
	By     string // the demo username acting
	Assign string // a username to assign the report to
	Status string // a status to set
	Reason string // why it was rejected
	Note   string // a note to add
	DupOf  int    // with Status "duplicate": the index of the earlier report it repeats
}

// alertAccounts are what reporters write, in English and Kiswahili, with
// %s for a person's name.
var alertAccounts = map[string][2]string{
	"taken":   {"Men in a police Land Cruiser took %s from the market this morning. Nobody knows where he was taken.", "Watu kwenye gari la polisi walimchukua %s sokoni asubuhi. Hatujui alipelekwa wapi."},
	"beaten":  {"Officers beat %s outside the chief's camp and left him by the road.", "Polisi walimpiga %s nje ya kambi ya chifu na kumwacha kando ya barabara."},
	"shot":    {"%s was shot during the evening patrol near the stage. He is at the hospital.", "%s alipigwa risasi wakati wa doria ya jioni karibu na stejini. Yuko hospitalini."},
	"missing": {"%s went to the police station to ask about his brother and has not come home for four days.", "%s alienda kituo cha polisi kuuliza kuhusu kaka yake na hajarudi nyumbani kwa siku nne."},
	"killed":  {"%s was killed by officers at night. The family has not been given the body.", "%s aliuawa na polisi usiku. Familia haijapewa mwili."},
	"other":   {"Officers are going house to house at night and threatening the people who saw what happened to %s.", "Polisi wanapita nyumba kwa nyumba usiku wakiwatisha walioona yaliyompata %s."},
}

// PublicReports returns count reports that arrived over the 30 days before
// now, by the web page, SMS and USSD, about half of them already in
// triage: assigned, being verified, rejected or marked as a repeat.
func PublicReports(seed int64, now time.Time, count int) []PublicReport {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5055_424c_4943)) // "PUBLIC"
	kinds := haki.AlertKinds
	var out []PublicReport
	for i := range count {
		at := now.Add(-time.Duration(r.IntN(30*24*60)) * time.Minute).Truncate(time.Minute)
		if i < 3 { // a few from the last hours, so the queue's age shows hours too
			at = now.Add(-time.Duration(20+r.IntN(300)) * time.Minute).Truncate(time.Minute)
		}
		c := countyTable[r.IntN(len(countyTable))]
		what := oneOf(r, kinds)
		male := chance(r, 0.85)
		who := newName(r, pickCommunity(r, c.comm, c.share), male)
		sw := chance(r, 0.35)
		lang, text := "en", alertAccounts[what][0]
		if sw {
			lang, text = "sw", alertAccounts[what][1]
		}
		account := fmt.Sprintf(text, who.full())
		p := PublicReport{At: at, Key: fmt.Sprintf("demo-%d-%04d", seed, i)}
		rep := haki.PublicReport{Channel: "web", Kind: "full", Language: lang, What: what,
			CountyCode: countyCode(c.num), Account: account, Contact: haki.SafeContact{Method: "none"}}
		switch roll := r.IntN(10); {
		case roll < 2: // a quick alert from the page: what and where, nothing else
			rep.Kind, rep.Account = "alert", ""
		case roll < 4: // USSD: a quick alert without data, sometimes a call back
			rep.Channel, rep.Kind, rep.Account = "ussd", "alert", ""
			p.Key = fmt.Sprintf("ussd:demo-%d-%04d", seed, i)
			if chance(r, 0.5) {
				rep.Contact = haki.SafeContact{Method: "call", Address: demoPhone(r)}
			}
		case roll < 6: // SMS: the reporter's words, sent from a phone
			p.SMS = &haki.InboundSMS{GatewayID: fmt.Sprintf("ATXid_demo%d%04d", seed, i), From: demoPhone(r),
				To: "22384", Text: account + " " + c.town, At: at, Language: lang}
		default: // a full report from the page
			rep.Occurred = haki.FuzzyDate{Date: at.AddDate(0, 0, -r.IntN(3)).Truncate(24 * time.Hour), Precision: haki.PrecisionDay}
			rep.PlaceName = c.town
			fate := map[string]string{"taken": "detained", "beaten": "injured", "shot": "injured", "missing": "missing", "killed": "killed"}[what]
			if fate == "" {
				fate = "other"
			}
			sex := "female"
			if male {
				sex = "male"
			}
			rep.Harmed = []haki.ReportedPerson{{Name: who.full(), Sex: sex, Age: fmt.Sprintf("about %d", 18+r.IntN(40)), Fate: fate}}
			rep.Perpetrator = haki.ReportedPerpetrator{Station: c.town + " Police Station"}
			if chance(r, 0.4) {
				rep.Contact = haki.SafeContact{Method: oneOf(r, []string{"call", "sms", "whatsapp"}), Address: demoPhone(r),
					When: oneOf(r, []string{"weekdays after 6 pm", "mornings before 8", "only on Sundays"})}
				rep.WantsHelp = chance(r, 0.6)
			}
		}
		p.Report = rep
		p.Triage = demoTriage(r, i)
		out = append(out, p)
	}
	return out
}

// demoTriage is what colleagues did with report i: the newest few are
// untouched, the rest in varied states.
func demoTriage(r *rand.Rand, i int) []PublicReportStep {
	if i < 3 {
		return nil
	}
	switch r.IntN(8) {
	case 0, 1:
		return []PublicReportStep{{By: "monitor", Assign: "monitor"}, {By: "monitor", Status: "being_verified"},
			{By: "monitor", Note: "Called the chief's office; they confirm an arrest that day. Waiting for the OB number."}}
	case 2:
		return []PublicReportStep{{By: "datamanager", Assign: "datamanager"}, {By: "datamanager", Status: "being_verified"}}
	case 3:
		return []PublicReportStep{{By: "monitor", Status: "rejected", Reason: "A test message: it names no event, place or person."}}
	case 4:
		if i > 4 {
			return []PublicReportStep{{By: "monitor", Status: "duplicate", DupOf: r.IntN(i)}}
		}
	}
	return nil
}

// demoPhone is a made-up number in a Kenyan mobile's shape. The demo
// sends nothing to it: its SMS provider only logs.
func demoPhone(r *rand.Rand) string {
	return fmt.Sprintf("+2547%02d%06d", r.IntN(30), r.IntN(1000000))
}
