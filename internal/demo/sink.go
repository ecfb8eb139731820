// Package demo generates realistic, deterministic Haki data for the demo and
// for scale work: Kenya's counties, Kenyan names, police killings
// concentrated where they are in reality, torture, disappearances, sources
// and survivor case files.
package demo

import "github.com/haki-kenya/haki"

// Sink receives generated records in dependency order: teams and users
// first, then institutions, then for each incident its persons, the
// incident, its acts and involvements, its sources, and any case built on it.
// The store's bulk loader implements it.
type Sink interface {
	Team(t *haki.Team) error
	User(u *haki.User, password string) error
	Institution(in *haki.Institution) error
	Person(p *haki.Person) error
	Incident(inc *haki.Incident) error
	Act(a *haki.Act) error
	Involvement(v *haki.Involvement) error
	Source(s *haki.Source) error
	Case(c *haki.Case) error
}
