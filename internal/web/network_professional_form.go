package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// networkFormPage is the data of the new and edit professional forms.
type networkFormPage struct {
	Page
	Counties       places
	Professions    []string
	Availabilities []string
	Languages      []string
	Accounts       []*haki.User // accounts of the professional role, to link
	Professional   *haki.Professional
	// Trainings are the rows of the trainings table: those recorded, as
	// typed, and two blank ones.
	Trainings []trainingRow
	Action    string
}

// trainingRow is a training as the form shows it: the date as typed.
type trainingRow struct{ Name, Date string }

// blankTrainings is how many empty training rows the form offers.
const blankTrainings = 2

func (s *Server) renderNetworkForm(w http.ResponseWriter, r *http.Request, p networkFormPage, status int) error {
	ctx := r.Context()
	p.Professions, p.Availabilities, p.Languages = haki.Professions, haki.Availabilities, haki.ProfessionalLanguages
	var err error
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == haki.RoleProfessional && (!u.Disabled || u.ID == p.Professional.UserID) {
			p.Accounts = append(p.Accounts, u)
		}
	}
	if p.Trainings == nil {
		for _, t := range p.Professional.Trainings {
			p.Trainings = append(p.Trainings, trainingRow{Name: t.Name, Date: fmtDay(t.AttendedOn)})
		}
	}
	for range blankTrainings {
		p.Trainings = append(p.Trainings, trainingRow{})
	}
	return s.render(w, r, status, "network_professional_form", p)
}

// fmtDay writes a day as 2006-01-02, "" when unset.
func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *Server) networkNew(w http.ResponseWriter, r *http.Request) error {
	p := networkFormPage{Page: s.page(w, r, "network.new.title"), Action: "/network/professionals",
		Professional: &haki.Professional{Availability: "available"}}
	return s.renderNetworkForm(w, r, p, http.StatusOK)
}

func (s *Server) networkEdit(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.store.FindProfessionalByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := networkFormPage{Page: s.page(w, r, "network.edit.title"), Action: "/network/professionals/" + pr.ID, Professional: pr}
	return s.renderNetworkForm(w, r, p, http.StatusOK)
}

func (s *Server) networkCreate(w http.ResponseWriter, r *http.Request) error {
	p := networkFormPage{Page: s.page(w, r, "network.new.title"), Action: "/network/professionals"}
	return s.networkSave(w, r, p, "", "flash.created")
}

func (s *Server) networkUpdate(w http.ResponseWriter, r *http.Request) error {
	p := networkFormPage{Page: s.page(w, r, "network.edit.title"), Action: "/network/professionals/" + r.PathValue("id")}
	return s.networkSave(w, r, p, r.PathValue("id"), "flash.saved")
}

// networkSave creates (id "") or updates a professional from the form.
func (s *Server) networkSave(w http.ResponseWriter, r *http.Request, p networkFormPage, id, flash string) error {
	f := newForm(r)
	pr := &haki.Professional{ID: id, Name: f.str("name"), Profession: f.str("profession"), LicenceNumber: f.str("licence_number"),
		Counties: f.strs("counties"), Languages: f.strs("languages"), Availability: f.str("availability"), Phone: f.str("phone"),
		Email: f.str("email"), UserID: f.str("user_id"), Version: f.version()}
	names, dates := f.strs("training_name"), f.strs("training_date")
	var rows []trainingRow
	for i, name := range names {
		row := trainingRow{Name: name}
		if i < len(dates) {
			row.Date = dates[i]
		}
		if row.Name == "" && row.Date == "" {
			continue
		}
		rows = append(rows, row)
		t := haki.Training{Name: row.Name}
		if row.Date != "" {
			d, err := time.Parse(time.DateOnly, row.Date)
			if err != nil {
				f.problems.Add("trainings", p.T("common.date_day_hint"))
			}
			t.AttendedOn = d
		}
		pr.Trainings = append(pr.Trainings, t)
	}
	pr.Normalize()
	err := f.check(func() error { return pr.Validate(s.now()) })
	if err == nil && id == "" {
		err = s.store.CreateProfessional(r.Context(), pr)
	} else if err == nil {
		err = s.store.UpdateProfessional(r.Context(), pr)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Professional, p.Errors, p.Trainings = pr, fields, rows
		return s.renderNetworkForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/network/professionals/"+pr.ID, flash)
}
