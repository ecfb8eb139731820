package bodychart

// The whole body, 100 by 200 units, standing, arms a little away from the
// sides, from the front, the back and either side. Proportions follow the
// usual forensic body diagram: about eight heads tall, the wrists at the
// crotch, half the height at the pubis.

// bodyHalf is the outline of the half of the body on the right of the
// drawing, from the crown down the arm and the leg to the crotch; front and
// back share it, as printed charts do.
func bodyHalf() []pt {
	half := arc(50, 14, 9, 12, -90, 52, 12) // crown to jaw
	return append(half, []pt{
		{55.2, 27}, {55.8, 31}, // neck
		{61, 33.3}, {67, 35}, {71, 37}, {73.6, 40.5}, {75, 45}, // trapezius, shoulder
		{76, 52}, {77, 61}, {78.2, 68}, {80.2, 80}, {82.2, 93}, // arm, outside
		{84.8, 101}, {86.6, 108}, {86.3, 114}, {84.5, 118.6}, {81.5, 119.5}, {79.5, 117}, // hand
		{78.7, 111}, {78, 104}, {77.4, 98}, // hand and wrist, inside
		{74.5, 85}, {71.3, 70}, {68.7, 58}, {67.3, 50}, {65.6, 46}, // arm, inside; armpit
		{65.6, 52}, {65, 60}, {62.6, 72}, {63.2, 80}, {66, 88}, {67.6, 96}, // chest, waist, hip
		{68, 104}, {67, 118}, {65, 130}, {63.6, 140}, {63.6, 146}, // thigh, knee
		{64.6, 156}, {63.2, 170}, {60.2, 182}, {59.2, 186}, // calf, ankle
		{60.7, 191}, {60.7, 195}, {58.7, 197.6}, {53.6, 197.6}, {52.6, 195}, // foot
		{53, 186}, {53.6, 176}, {54.6, 160}, {54.6, 150}, {54, 140}, // ankle, calf, knee inside
		{53.5, 128}, {52.6, 112}, {50, 103}, // thigh inside, crotch
	}...)
}

// bodyRegions returns the regions of the front (front set) or back view:
// those of the limbs on the right of the drawing, their mirror images, and
// those across the middle.
func bodyRegions(front bool) []region {
	// On the front the right of the drawing is the person's left.
	rightOfDrawing := !front
	limb := func(code string, poly []pt) []region {
		return []region{
			{code: sided(code, rightOfDrawing), poly: poly},
			{code: sided(code, !rightOfDrawing), poly: mirror(poly, 50)},
		}
	}
	var rs []region
	add := func(r ...region) { rs = append(rs, r...) }
	add(region{code: "head", poly: rect(30, 0, 70, 25.5)})
	if front {
		add(region{code: "neck", poly: rect(40, 25.5, 60, 33.6)})
		add(limb("axilla", rect(62.6, 42, 68.5, 50))...)
	} else {
		add(region{code: "nape", poly: rect(40, 25.5, 60, 33.6)})
	}
	add(limb("shoulder", []pt{{56, 28}, {95, 28}, {95, 46.5}, {66, 46.5}, {62.5, 37}, {56, 33.6}})...)
	add(limb("upper_arm", rect(66.5, 45, 95, 65))...)
	add(limb("elbow", rect(66.5, 65, 95, 72))...)
	add(limb("forearm", rect(68.6, 72, 95, 94))...)
	add(limb("wrist", rect(73, 94, 95, 100.5))...)
	add(limb("hand", rect(73, 100.5, 95, 122))...)
	if front {
		add(region{code: "chest", poly: rect(30, 28, 70, 65)})
		add(limb("hip", rect(60.5, 84, 72, 104))...)
		add(region{code: "abdomen", poly: rect(30, 65, 70, 89)})
		add(region{code: "pelvis_genitals", poly: rect(30, 89, 70, 106)})
	} else {
		add(region{code: "upper_back", poly: rect(30, 28, 70, 67)})
		add(region{code: "perineum_anus", poly: rect(48.3, 98, 51.7, 104)})
		add(limb("hip", rect(63.6, 82, 72, 100))...)
		add(region{code: "lower_back", poly: rect(30, 67, 70, 89)})
		add(region{code: "buttocks", poly: rect(30, 89, 70, 107)})
	}
	add(limb("thigh", rect(50, 100, 72, 136))...)
	add(limb("knee", rect(50, 136, 72, 148))...)
	add(limb("lower_leg", rect(50, 148, 72, 184))...)
	add(limb("ankle", rect(50, 184, 72, 190))...)
	if front {
		add(limb("foot", rect(50, 190, 72, 200))...)
	} else {
		add(limb("heel", rect(50, 190, 72, 200))...)
	}
	return rs
}

// twice returns a line on the right of the drawing and its mirror image.
func twice(s shape) []shape { return []shape{s, {pts: mirror(s.pts, 50), closed: s.closed}} }

func frontView() *view {
	v := &view{w: 100, h: 200, parts: [][]pt{symmetric(bodyHalf(), 50)}, regions: bodyRegions(true)}
	v.lines = append(v.lines, twice(open(pt{51, 35.2}, pt{56, 34.2}, pt{63, 35.4}))...)   // collar bones
	v.lines = append(v.lines, twice(open(pt{52.5, 57}, pt{57, 59.5}, pt{62.5, 57.5}))...) // chest
	v.lines = append(v.lines, twice(dot(57.5, 54, 0.7))...)                               // nipples
	v.lines = append(v.lines, dot(50, 79, 0.8))                                           // navel
	v.lines = append(v.lines, twice(open(pt{64.5, 88}, pt{57, 96}, pt{52.5, 100.5}))...)  // groin
	v.lines = append(v.lines, twice(open(pt{55.6, 142}, pt{58.8, 140}, pt{62, 142}))...)  // knee caps
	v.lines = append(v.lines, twice(open(pt{80.2, 104.5}, pt{81.2, 112}))...)             // a finger
	v.captions = sideCaptions(true)
	return v
}

func backView() *view {
	v := &view{w: 100, h: 200, parts: [][]pt{symmetric(bodyHalf(), 50)}, regions: bodyRegions(false)}
	v.lines = append(v.lines, open(pt{50, 31}, pt{50, 88}))                                                   // spine
	v.lines = append(v.lines, twice(open(pt{55, 40}, pt{56.2, 53}, pt{60.5, 49}, pt{63.5, 40.5}))...)         // shoulder blades
	v.lines = append(v.lines, open(pt{50, 93}, pt{50, 102}))                                                  // cleft of the buttocks
	v.lines = append(v.lines, twice(open(pt{51, 103.5}, pt{54.5, 106.6}, pt{60, 107.2}, pt{64.6, 104.6}))...) // gluteal folds
	v.lines = append(v.lines, twice(open(pt{72.5, 67.5}, pt{75, 69}, pt{77.6, 67.5}))...)                     // elbows
	v.lines = append(v.lines, twice(open(pt{55.5, 143.5}, pt{59, 144.5}, pt{62.5, 143.5}))...)                // backs of the knees
	v.captions = sideCaptions(false)
	return v
}

// sideCaptions names the person's right and left at the top of a front
// (front set) or back view.
func sideCaptions(front bool) []caption {
	r, l := 12.0, 88.0
	if !front {
		r, l = l, r
	}
	return []caption{{X: r, Y: 8, key: "bodychart.right"}, {X: l, Y: 8, key: "bodychart.left"}}
}
