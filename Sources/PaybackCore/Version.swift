/// This build of Payback: `payback --version`, and anything else that needs to say which build made it.
public enum PaybackVersion {
  /// Semantic version; raise it in this one place.
  public static let current = "0.1.0"
}
