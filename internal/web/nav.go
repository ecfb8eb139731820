package web

import "github.com/haki-kenya/haki"

// navLink is one destination of the header.
type navLink struct {
	Href, Label string
	Current     bool // the page is in this destination's section
}

// quickNav names, per role, the four or five places its people go every
// day, shown one tap away in the header; everything else is in the menu.
// Each still needs its permission (deny by default: a role missing here
// gets only Home).
var quickNav = map[haki.Role][]struct{ href, key, perm string }{
	haki.RoleCaseworker: {{"/cases", "nav.cases", "case.read"}, {"/calendar", "nav.calendar", "tasks"},
		{"/tasks", "nav.tasks", "tasks"}, {"/follow-ups", "nav.followups", "case.work"}},
	haki.RoleProfessional: {{"/calendar", "nav.calendar", "tasks"}, {"/cases", "nav.cases", "case.read"}},
	haki.RoleMonitor: {{"/incidents", "nav.incidents", "incident.read"},
		{"/incidents/new", "nav.incident_new", "incident.write"}, {"/triage", "nav.triage", "reports.triage"}},
	haki.RoleDataManager: {{"/incidents", "nav.incidents", "incident.read"}, {"/triage", "nav.triage", "reports.triage"},
		{"/persons", "nav.persons", "person.read"}, {"/reports", "nav.reports", "dashboard"}},
	haki.RoleAdmin: {{"/users", "nav.users", "users.admin"}, {"/audit", "nav.audit", "audit.read"},
		{"/reports", "nav.reports", "dashboard"}},
	haki.RoleResearcher: {{"/reports", "nav.reports", "dashboard"}},
	haki.RoleViewer:     {{"/reports", "nav.reports", "dashboard"}},
}

// QuickNav returns the signed-in user's daily destinations, Home first.
func (p Page) QuickNav() []navLink {
	if p.User == nil {
		return nil
	}
	out := []navLink{{Href: "/", Label: p.T("nav.home"), Current: p.Path == "/"}}
	for _, l := range quickNav[p.User.Role] {
		if !p.Can(l.perm) {
			continue
		}
		cur := p.Here(l.href)
		if l.href == "/incidents" { // the new-incident form is its own destination
			cur = cur && p.Path != "/incidents/new"
		}
		out = append(out, navLink{Href: l.href, Label: p.T(l.key), Current: cur})
	}
	return out
}
