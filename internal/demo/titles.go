package demo

import "strings"

// titles are the beginnings of incident titles per kind; the place or, for
// those ending in " at ", the station where the victim was held follows.
var titles = map[string][]string{
	"killing":         {"Police shooting in ", "Fatal police shooting in ", "Fatal shooting by police in "},
	"protest_killing": {"Protester shot dead in ", "Killing during protests in "},
	"protest_injury":  {"Protesters injured in ", "Excessive force at protest in ", "Police crackdown on protest in "},
	"torture":         {"Torture at ", "Torture after arrest in "},
	"cidt":            {"Beating by officers in ", "Ill-treatment in "},
	"arrest":          {"Arbitrary arrest in ", "Detention without charge at "},
	"disappearance":   {"Disappearance in ", "Abduction in ", "Enforced disappearance in "},
	"custody_death":   {"Death in custody at "},
	"sgbv":            {"Sexual violence by officers in "},
	"threat":          {"Threats to human-rights defender in ", "Intimidation of activist in "},
}

// title returns a short title that never names a victim.
func (g *gen) title(d *draft) string {
	r, v0 := g.r, &d.victims[0]
	head := oneOf(r, titles[d.k.key])
	switch {
	case d.k == &kinds[kKilling] && v0.method != "shooting":
		head = "Killing by police in "
	case d.k == &kinds[kKilling] && len(d.victims) > 1:
		head = "Multiple killings by police in "
	case d.k == &kinds[kArrest] && len(d.victims) > 2:
		head = "Mass arrests in "
	case d.context == "curfew":
		head = "Curfew enforcement violence in "
	case d.k == &kinds[kCIDT] && d.perps[0].svc == svcCounty:
		head = "Beating of hawkers by county askaris in "
	case d.k == &kinds[kDisappearance] && chance(r, 0.3):
		return head + d.c.town // disappearances are often reported by town
	}
	if strings.HasSuffix(head, " at ") {
		return head + g.heldAt(d)
	}
	return head + d.pl.name
}

// statusWords say what became of a victim, for case summaries.
var statusWords = map[string]string{"killed": "killed by police", "missing": "missing since an abduction",
	"found_dead": "found dead after an abduction", "found_alive": "abducted and later released"}

// needs says what a family seeks, by what became of the victim.
var needs = map[string]string{"killed": "support for an inquest and a complaint to IPOA",
	"missing": "help to trace the victim and a habeas corpus petition", "found_dead": "support for an inquest and psychosocial support",
	"found_alive": "psychosocial support and protection"}

// kindWords name a kind in case summaries.
var kindWords = map[string]string{"killing": "a police shooting", "protest_killing": "police violence at a protest",
	"protest_injury": "police violence at a protest", "torture": "torture", "cidt": "ill-treatment",
	"arrest": "arbitrary detention", "disappearance": "enforced disappearance", "custody_death": "torture in custody",
	"sgbv": "sexual violence", "threat": "threats and intimidation"}

// summary returns the case file's one-line summary.
func (g *gen) summary(d *draft) string {
	cl, v0 := d.client, &d.victims[0]
	if cl.relation == "survivor" {
		return "Survivor of " + kindWords[d.k.key] + " in " + d.pl.name + ", seeking medical, psychosocial and legal support."
	}
	status := statusWords[v0.status]
	if status == "" {
		status = "a child who survived " + kindWords[d.k.key]
	}
	need := needs[v0.status]
	if need == "" {
		need = "medical, psychosocial and legal support for the child"
	}
	return cl.label + " of " + v0.nm.full() + ", " + status + " in " + d.pl.name + "; seeks " + need + "."
}
