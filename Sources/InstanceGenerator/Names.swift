/// The fixed vocabulary of generated weeks: places, names, kinds of work.
///
/// Place names are real towns of the East of England (areas must look like a real region's);
/// people's and staff's names are plausible but made up (common first names with invented
/// surnames), so no real person is named.
enum Vocabulary {
  /// An area: its town name and a short code used in project ids.
  struct Area: Sendable {
    var name: String
    var code: String
    /// Coastal towns get beach cleans.
    var coastal = false
  }

  /// Clusters of neighbouring towns, in the order areas are taken: Essex first (the figures in
  /// FACTS are Essex's), then the rest of the East of England. People and supervisors cross
  /// between towns of a cluster but, by default, not between clusters.
  static let clusters: [[Area]] = [
    [Area(name: "Chelmsford", code: "CHE"), Area(name: "Braintree", code: "BRA"), Area(name: "Maldon", code: "MAL")],
    [Area(name: "Basildon", code: "BAS"), Area(name: "Brentwood", code: "BRE"), Area(name: "Grays", code: "GRA")],
    [
      Area(name: "Colchester", code: "COL"), Area(name: "Clacton", code: "CLA", coastal: true),
      Area(name: "Harwich", code: "HWC", coastal: true),
    ],
    [
      Area(name: "Southend", code: "SOU", coastal: true), Area(name: "Rochford", code: "ROC"),
      Area(name: "Canvey Island", code: "CAN", coastal: true),
    ],
    [Area(name: "Harlow", code: "HAR"), Area(name: "Epping", code: "EPP"), Area(name: "Saffron Walden", code: "SAF")],
    [
      Area(name: "Ipswich", code: "IPS"), Area(name: "Felixstowe", code: "FEL", coastal: true),
      Area(name: "Stowmarket", code: "STO"),
    ],
    [
      Area(name: "Bury St Edmunds", code: "BUR"), Area(name: "Haverhill", code: "HAV"),
      Area(name: "Sudbury", code: "SUD"),
    ],
    [
      Area(name: "Lowestoft", code: "LOW", coastal: true), Area(name: "Great Yarmouth", code: "GTY", coastal: true),
      Area(name: "Beccles", code: "BEC"),
    ],
    [Area(name: "Norwich", code: "NOR"), Area(name: "Dereham", code: "DER"), Area(name: "Wymondham", code: "WYM")],
    [
      Area(name: "King's Lynn", code: "KLY"), Area(name: "Wisbech", code: "WIS"),
      Area(name: "Downham Market", code: "DOW"),
    ],
    [Area(name: "Cambridge", code: "CAM"), Area(name: "Ely", code: "ELY"), Area(name: "Huntingdon", code: "HUN")],
    [
      Area(name: "Peterborough", code: "PET"), Area(name: "St Neots", code: "SNE"),
      Area(name: "Whittlesey", code: "WHI"),
    ],
    [Area(name: "Stevenage", code: "STE"), Area(name: "Hitchin", code: "HIT"), Area(name: "Letchworth", code: "LET")],
    [
      Area(name: "Watford", code: "WAT"), Area(name: "Hemel Hempstead", code: "HEM"),
      Area(name: "St Albans", code: "SAL"),
    ],
    [
      Area(name: "Hertford", code: "HER"), Area(name: "Cheshunt", code: "CHS"),
      Area(name: "Bishop's Stortford", code: "BIS"),
    ],
    [
      Area(name: "Luton", code: "LUT"), Area(name: "Dunstable", code: "DUN"),
      Area(name: "Leighton Buzzard", code: "LEI"),
    ],
    [Area(name: "Bedford", code: "BED"), Area(name: "Biggleswade", code: "BIG"), Area(name: "Kempston", code: "KEM")],
  ]

  static var areaTotal: Int { clusters.reduce(0) { $0 + $1.count } }

  static let maleFirstNames = [
    "Aaron", "Adam", "Alfie", "Ben", "Callum", "Connor", "Craig", "Daniel", "Darren", "Dean", "Ellis", "Gary",
    "Harvey", "Jack", "Jamal", "Jason", "Jordan", "Josh", "Kai", "Karl", "Kieran", "Lee", "Liam", "Luke", "Marcus",
    "Mason", "Nathan", "Owen", "Reece", "Ricky", "Ryan", "Scott", "Shane", "Stuart", "Terry", "Tom", "Tyler", "Wayne",
    "Yusuf", "Zak",
  ]
  static let femaleFirstNames = [
    "Abbie", "Amy", "Chantelle", "Chloe", "Danielle", "Demi", "Emma", "Gemma", "Hayley", "Jade", "Jess", "Kayleigh",
    "Kelly", "Kirsty", "Laura", "Leanne", "Lisa", "Megan", "Natalie", "Paige", "Rachel", "Sam", "Shannon", "Stacey",
    "Tanya", "Toni", "Vicky", "Zoe",
  ]
  /// Invented surnames: English place-name parts glued together (Ashcombe, Thornwell).
  static let surnameStarts = [
    "Ash", "Bark", "Birch", "Black", "Bram", "Brook", "Church", "Clay", "Cold", "Crane", "Dun", "Elm", "Fen", "Fern",
    "Fox", "Gold", "Hart", "Hazel", "Holt", "Kings", "Lang", "Marsh", "Mill", "Moss", "Nether", "Oak", "Pen",
    "Rush", "Sand", "Shaw", "Stan", "Stone", "Thorn", "West", "Whit", "Wick", "Wild", "Wood",
  ]
  /// Without "-ton", "-ley", "-ford", "-by": those make too many real surnames.
  static let surnameEnds = [
    "bury", "combe", "cott", "dale", "den", "field", "gate", "ham", "hurst", "low", "mere", "more", "stead",
    "well", "wick", "worth",
  ]

  /// A group project idea: what the work is and what it brings people into contact with.
  struct GroupIdea: Sendable {
    var name: String
    var involves: [String] = []
    var requiresSkills: [String] = []
    /// A remote or rural site, where a minibus is most often needed.
    var remote = false
    var coastalOnly = false
  }

  static let groupIdeas: [GroupIdea] = [
    GroupIdea(name: "Riverside path clearance", involves: ["public"]),
    GroupIdea(name: "Central park litter and leaf clearance", involves: ["public"]),
    GroupIdea(name: "Recreation ground fence painting", involves: ["public"]),
    GroupIdea(name: "Allotment restoration"),
    GroupIdea(name: "St Mary's churchyard maintenance", involves: ["public"]),
    GroupIdea(name: "All Saints churchyard maintenance", involves: ["public"]),
    GroupIdea(name: "Country park footpaths", involves: ["public"], remote: true),
    GroupIdea(name: "Woodland coppicing and ride clearance", remote: true),
    GroupIdea(name: "Nature reserve scrub clearance", remote: true),
    GroupIdea(name: "Canal towpath clearance", involves: ["public"], remote: true),
    GroupIdea(name: "Community centre redecoration", involves: ["public"]),
    GroupIdea(name: "Graffiti removal", involves: ["public"]),
    GroupIdea(name: "Primary school fence painting", involves: ["children"]),
    GroupIdea(name: "Playground repainting", involves: ["children", "public"]),
    GroupIdea(name: "Scout hut refurbishment", involves: ["children"]),
    GroupIdea(name: "Care home garden makeover", involves: ["vulnerable_adults"]),
    GroupIdea(name: "Sheltered housing gardens", involves: ["vulnerable_adults"]),
    GroupIdea(name: "Furniture recycling workshop"),
    GroupIdea(name: "Bench and planter workshop"),
    GroupIdea(name: "Food bank warehouse sorting"),
    GroupIdea(name: "Community kitchen", involves: ["vulnerable_adults"], requiresSkills: ["food_hygiene"]),
    GroupIdea(name: "Community garden shelter build", requiresSkills: ["cscs"]),
    GroupIdea(name: "Beach clean", involves: ["public"], coastalOnly: true),
    GroupIdea(name: "Seafront shelter repainting", involves: ["public"], coastalOnly: true),
  ]
  /// Indoor, enclosed: the work that suits people unsuitable for public-facing work.
  static let eveningIdeas = [
    "Evening wood workshop", "Evening bike refurbishment workshop", "Evening upcycling workshop",
  ]
  static let womenOnlyIdeas = ["Women's community garden", "Women's craft and upcycling workshop"]
  static let individualIdeas = [
    "Hospice charity shop", "Animal rescue charity shop", "Homeless charity shop", "Furniture reuse shop",
    "Air ambulance charity shop", "Heart charity shop", "Book and music charity shop",
  ]
  static let eteIdeas: [(name: String, hours: Double, start: Int)] = [
    ("Construction site safety card course", 6, 9 * 60 + 30), ("Food hygiene level 2", 6, 9 * 60 + 30),
    ("Functional skills English", 3, 10 * 60), ("Functional skills maths", 3, 10 * 60),
    ("Employability and CV workshop", 3, 13 * 60), ("First aid at work", 6, 9 * 60 + 30),
    ("Forklift truck course", 6, 9 * 60 + 30),
  ]
}
