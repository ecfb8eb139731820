package bodychart

// The body from the side, 100 by 200 units, the near arm hanging over the
// trunk. Drawn facing right, as the person's right side is seen; the left
// side is its mirror image.

// profile is the outline of the body facing right, from the crown round
// the face, the front, the sole and up the back.
var profile = []pt{
	{48, 2}, {54, 3}, {57.5, 6}, {59, 10}, {59.5, 14}, {60, 16}, // crown, forehead
	{62.8, 19.5}, {60.2, 20.8}, {60.6, 22.5}, {60, 23.6}, {60.4, 24.6}, {59.6, 26.5}, // nose, lips, chin
	{57.5, 27.3}, {53, 27.3}, {53.5, 30}, {54.5, 34}, // jaw, throat
	{57, 38}, {59.5, 44}, {60.5, 51}, {60, 57}, {58, 62}, // chest
	{57.5, 68}, {58.5, 76}, {58.5, 86}, {57, 94}, {55, 100}, // belly
	{56, 106}, {56, 120}, {54.5, 134}, {55, 140}, {54.5, 146}, // thigh, knee
	{53.5, 160}, {52.5, 176}, {52, 185}, {55, 188}, {60, 192}, {62.5, 195}, {62.5, 197.6}, // shin, foot
	{47, 197.6}, {45, 196}, {44.5, 191}, {45.5, 185}, {46, 178}, // sole, heel
	{44, 166}, {42.5, 156}, {43, 148}, {43.5, 140}, {42.5, 130}, {41.5, 118}, // calf, back of knee and thigh
	{40.5, 110}, {38.5, 102}, {38, 94}, {40.5, 84}, {41, 76}, {40, 66}, // buttock, small of the back
	{38.5, 56}, {38.5, 46}, {40, 38}, {42.5, 31}, {42.5, 28}, // back, nape
	{40, 24}, {38.8, 18}, {39.5, 10}, {42.5, 5}, // back of the head
}

// sideArm is the near arm, hanging a little in front of the trunk.
var sideArm = []pt{
	{43, 36}, {47, 33.5}, {52, 34.5}, {54, 39}, {53.5, 48}, {53, 58}, {53.5, 66},
	{55.5, 78}, {57, 92}, {58.5, 96}, {59.5, 104}, {58.5, 112}, {56.5, 116}, {54, 115},
	{53.5, 108}, {52.5, 100}, {52, 93}, {49, 80}, {45.5, 66}, {44, 54}, {42.5, 44},
}

// sideView returns the right side, or its mirror image, the left side.
func sideView(left bool) *view {
	right := !left
	v := &view{w: 100, h: 200, parts: [][]pt{profile, sideArm}}
	arm := func(code string, poly []pt) region { return region{code: sided(code, right), part: 1, poly: poly} }
	body := func(code string, poly []pt) region { return region{code: code, poly: poly} }
	v.regions = []region{
		arm("shoulder", rect(0, 28, 100, 45)),
		arm("upper_arm", rect(0, 45, 100, 64)),
		arm("elbow", rect(0, 64, 100, 71)),
		arm("forearm", rect(0, 71, 100, 92)),
		arm("wrist", rect(0, 92, 100, 98)),
		arm("hand", rect(0, 98, 100, 120)),
		body(sided("ear", right), ellipse(47, 15, 3, 4.2, 16)),
		body("face", rect(52.5, 9, 70, 27.5)),
		body("head", rect(30, 0, 70, 27.5)),
		body("neck", rect(47, 27.3, 70, 36)),
		body("nape", rect(30, 27.3, 47, 36)),
		body("chest", rect(49, 36, 70, 63)),
		body("upper_back", rect(30, 36, 49, 66)),
		body(sided("flank", right), rect(44, 63, 54, 88)),
		body("abdomen", rect(54, 63, 70, 94)),
		body("lower_back", rect(30, 66, 44, 90)),
		body(sided("hip", right), rect(44, 88, 53, 106)),
		body("buttocks", rect(30, 90, 44, 110)),
		body("pelvis_genitals", rect(53, 94, 70, 106)),
		body(sided("thigh", right), rect(30, 104, 70, 136)),
		body(sided("knee", right), rect(30, 136, 70, 148)),
		body(sided("lower_leg", right), rect(30, 148, 70, 184)),
		body(sided("ankle", right), rect(30, 184, 70, 190)),
		body(sided("foot", right), rect(30, 190, 70, 200)),
	}
	v.lines = []shape{
		closed(ellipse(47, 15, 2, 3.2, 16)),  // ear
		open(pt{56.6, 14.6}, pt{58.4, 14.6}), // eye
		open(pt{50.5, 140}, pt{53, 138.5}),   // knee cap
		open(pt{57.8, 104.5}, pt{55.8, 110}), // the hand's fingers
	}
	if left {
		flipView(v)
	}
	return v
}

// flipView turns a view into its mirror image.
func flipView(v *view) {
	for i := range v.parts {
		v.parts[i] = mirror(v.parts[i], v.w/2)
	}
	for i := range v.lines {
		v.lines[i].pts = mirror(v.lines[i].pts, v.w/2)
	}
	for i := range v.regions {
		v.regions[i].poly = mirror(v.regions[i].poly, v.w/2)
	}
}
