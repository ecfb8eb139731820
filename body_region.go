package haki

import "slices"

// ChartViews are the outlines a clinician can place a finding on, in the
// order a form offers them: the whole body from the front, the back and
// each side, then the head, the hands (palm and back) and the feet (sole
// and top) drawn larger. A finding placed on a chart keeps its view and a
// point X, Y in [0,1] of that view's box, origin top-left.
var ChartViews = []string{"front", "back", "left", "right", "head", "hands", "feet"}

// BodyRegions are the codes of the parts of the body a finding can be
// said to lie on, head to foot. A code with _right or _left names the
// person's own side, never the side of the drawing. Their labels are the
// interface messages "region.<code>".
var BodyRegions = []string{
	// Head and neck.
	"head", "scalp", "forehead", "face", "eye_right", "eye_left", "nose", "mouth",
	"ear_right", "ear_left", "neck", "nape",
	// Trunk.
	"chest", "abdomen", "flank_right", "flank_left", "pelvis_genitals",
	"upper_back", "lower_back", "buttocks", "perineum_anus",
	// Upper limbs.
	"shoulder_right", "shoulder_left", "axilla_right", "axilla_left",
	"upper_arm_right", "upper_arm_left", "elbow_right", "elbow_left",
	"forearm_right", "forearm_left", "wrist_right", "wrist_left",
	"hand_right", "hand_left", "palm_right", "palm_left",
	"hand_back_right", "hand_back_left", "fingers_right", "fingers_left",
	// Lower limbs.
	"hip_right", "hip_left", "thigh_right", "thigh_left", "knee_right", "knee_left",
	"lower_leg_right", "lower_leg_left", "ankle_right", "ankle_left",
	"foot_right", "foot_left", "sole_right", "sole_left",
	"heel_right", "heel_left", "toes_right", "toes_left",
}

// ValidBodyRegion reports whether code is one of BodyRegions.
func ValidBodyRegion(code string) bool { return slices.Contains(BodyRegions, code) }

// ValidChartView reports whether view is one of ChartViews.
func ValidChartView(view string) bool { return slices.Contains(ChartViews, view) }
