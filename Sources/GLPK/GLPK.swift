// The GLPK wrapper lives here.
