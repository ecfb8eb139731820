package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The source lives outside the repository, next to it in ../shared/data,
// or where HAKI_SHARED_DATA says (for a checkout elsewhere; .ci/run sets it).
var srcDir = sharedData()

func sharedData() string {
	if dir := os.Getenv("HAKI_SHARED_DATA"); dir != "" {
		return filepath.Join(dir, "kenya-counties")
	}
	return "../../../../../shared/data/kenya-counties"
}

func TestCommittedOutputIsCurrent(t *testing.T) {
	if _, err := os.Stat(filepath.Join(srcDir, "counties.geojson")); err != nil {
		t.Skipf("source data absent (%v); it lives in ../shared/data/kenya-counties beside the repository", err)
	}
	got, err := generateFromDir(srcDir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../counties.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("internal/geo/counties.json is not what the generator makes from the source (%d bytes, want %d); run go generate in internal/geo", len(want), len(got))
	}
}

func TestGenerateRejectsMismatchedNames(t *testing.T) {
	if _, err := os.Stat(filepath.Join(srcDir, "counties.geojson")); err != nil {
		t.Skipf("source data absent (%v)", err)
	}
	gj, err := os.ReadFile(filepath.Join(srcDir, "counties.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	cv, err := os.ReadFile(filepath.Join(srcDir, "kenya_counties.csv"))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(cv, []byte(",MOMBASA,"), []byte(",KWALE,"), 1)
	if _, err := generate(gj, bad); err == nil {
		t.Fatal("generate accepted a CSV whose names disagree with the GeoJSON codes")
	}
}
