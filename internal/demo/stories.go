package demo

// The words and sentences of titles, narratives and case summaries. Titles
// never name a victim: they are shown in lists to everyone who may see the
// incident, while narratives are redacted for those who may not.

// hows say what a method did to someone killed or abducted.
var hows = map[string]string{"shooting": "shot dead", "beating": "beaten to death", "stabbing": "stabbed to death",
	"strangulation": "strangled", "suffocation": "suffocated", "vehicle": "run over by a police vehicle",
	"tear_gas": "killed by a tear-gas canister", "unknown": "killed", "abduction": "abducted",
	"detention_incommunicado": "detained incommunicado", "sexual_violence": "sexually assaulted", "other": "ill-treated"}

// woundings say what a method did to someone who survived it.
var woundings = map[string]string{"shooting": "shot and wounded", "beating": "beaten",
	"tear_gas": "injured by a tear-gas canister", "vehicle": "hit by a police vehicle", "stabbing": "stabbed",
	"strangulation": "choked", "suffocation": "nearly suffocated", "sexual_violence": "sexually assaulted",
	"abduction": "abducted", "detention_incommunicado": "held incommunicado", "other": "ill-treated"}

// tortures say how someone was tortured.
var tortures = map[string]string{"beating": "beaten with batons and rungus", "stress_position": "held in stress positions for hours",
	"electric_shock": "given electric shocks", "suffocation": "nearly suffocated with a plastic bag",
	"burning": "burnt with cigarettes", "sexual_violence": "sexually assaulted", "strangulation": "choked",
	"other": "ill-treated"}

var stories = map[string]story{
	"killing": {
		open: []string{"{When}, {who} was {how} by {perp} in {place}, {county}.",
			"{Who} was {how} in {place} {when}; witnesses name {perp}."},
		middle: map[string][]string{
			"anti_crime": {"Police later described {him} as a member of a criminal gang, a claim {his} family denies.",
				"Witnesses say {he} was unarmed and had raised {his} hands.", "The officers were part of a crackdown on crime in the area."},
			"counter_terrorism": {"Officers said {he} was a terror suspect; no charge had ever been brought against {him}."},
			"curfew":            {"{He} was on {his} way home shortly after the start of the curfew."},
			"traffic":           {"It began at a roadblock where officers demanded a bribe."},
			"":                  {"What led to the killing remains unclear."}},
		close: map[string][]string{"": {"The body was taken to the mortuary, where the family identified it two days later.",
			"An Occurrence Book entry describes a shoot-out with criminals, which the family disputes.",
			"No officer has been charged.", "A post-mortem examination was attended by a network pathologist."}},
	},
	"protest_killing": {
		open: []string{"{When}, {who} was {how} by {perp} during protests in {place}, {county}."},
		middle: map[string][]string{
			"election": {"The protests followed the announcement of the election results."},
			"":         {"Officers fired live bullets and tear gas to disperse demonstrators.", "The protest had been peaceful before police moved in."}},
		close: map[string][]string{"": {"The family says {he} was not taking part in the protest.", "A post-mortem found a gunshot wound to the back."}},
	},
	"protest_injury": {
		open: []string{"{When}, {who} was {how} by {perp} during protests in {place}, {county}."},
		middle: map[string][]string{
			"election": {"The protests followed the announcement of the election results."},
			"":         {"Officers fired live bullets and tear gas to disperse demonstrators.", "Police charged the crowd with batons."}},
		close: map[string][]string{"detained": {"{He} was then arrested and held overnight."},
			"": {"{He} was treated for {his} injuries at a nearby hospital.", "{He} was among several people injured as police dispersed the crowd."}},
	},
	"torture": {
		open: []string{"{When}, {who} was arrested in {place} and taken to {inst}, where {he} was {how}.",
			"{Who} says {he} was {how} by {perp} {when} after being arrested in {place}."},
		middle: map[string][]string{
			"counter_terrorism": {"Officers questioned {him} about alleged links to al-Shabaab."},
			"":                  {"Officers demanded money for {his} release.", "Officers wanted {him} to confess to a robbery {he} says {he} did not commit.", "{He} was held for three days without being taken to court."}},
		close: map[string][]string{"detained": {"{He} remains in custody awaiting trial."},
			"": {"{He} was released without charge and later examined by a network doctor.", "A P3 form documents injuries consistent with {his} account."}},
	},
	"cidt": {
		open: []string{"{When}, {who} was {how} by {perp} in {place}, {county}."},
		middle: map[string][]string{
			"eviction": {"It happened during the demolition of homes in the area."},
			"traffic":  {"Officers had stopped the vehicle at a roadblock."},
			"curfew":   {"Officers were enforcing the curfew."},
			"":         {"Officers accused {him} of trading without a licence."}},
		close: map[string][]string{"unharmed": {"{He} was humiliated in public but not injured."},
			"": {"{He} was treated at a local health centre."}},
	},
	"arrest": {
		open: []string{"{When}, {who} was arrested by {perp} in {place} and held at {inst}."},
		middle: map[string][]string{"": {"{He} was not told the reason for the arrest.",
			"{He} was held beyond the 24 hours allowed by the Constitution before being taken to court.",
			"Officers demanded a cash bail without any charge."}},
		close: map[string][]string{"detained": {"{He} remains in custody."}, "": {"{He} was released without charge."}},
	},
	"disappearance": {
		open: []string{"{When}, {who} was abducted in {place}, {county}, by men who identified themselves as {perp}.",
			"{Who} was last seen {when} being forced into an unmarked car in {place}, {county}."},
		middle: map[string][]string{
			"counter_terrorism": {"{His} family says officers had questioned {him} earlier about alleged links to al-Shabaab."},
			"protest":           {"{He} had taken part in the protests and posted about them online."},
			"":                  {"Police stations in the area deny holding {him}."}},
		close: map[string][]string{"missing": {"{His} family has searched police stations and mortuaries without success; {he} remains missing."},
			"found_dead":  {"{His} body was later found in a river far from home.", "{His} body was later found dumped by a roadside."},
			"found_alive": {"{He} was released weeks later and says {he} was held in an unknown place."}},
	},
	"custody_death": {
		open: []string{"{Who} died in custody at {inst} {when}.", "{When}, {who} died in the cells at {inst}."},
		middle: map[string][]string{"": {"Police say {he} took {his} own life, which the family disputes.",
			"Other detainees say {he} was beaten by officers the night before.", "{He} had been arrested the previous day for being drunk and disorderly."}},
		close: map[string][]string{"": {"A post-mortem found injuries inconsistent with the police account.", "The family has asked IPOA to investigate."}},
	},
	"sgbv": {
		open: []string{"{When}, {who} was {how} by {perp} in {place}, {county}."},
		middle: map[string][]string{
			"custody":  {"The assault took place in the police cells after {his} arrest."},
			"eviction": {"It happened during an eviction in the area."},
			"protest":  {"{He} had been arrested during the protests."}},
		close: map[string][]string{"": {"{He} received post-rape care and a PRC form was filled at a health facility."}},
	},
	"threat": {
		open: []string{"{When}, {who} received threats from {perp} after documenting abuses in {place}.",
			"{Who} has been intimidated by {perp} since {he} began documenting police killings in {place}."},
		middle: map[string][]string{"": {"Officers warned {him} to stop speaking about police killings in the area.",
			"{He} was followed by a vehicle without number plates.", "{His} home was visited at night by armed men."}},
		close: map[string][]string{"detained": {"{He} was later arrested and released without charge."},
			"": {"{He} has since relocated for a while."}},
	},
}
