@testable import Ledger
import Testing

@Suite("Internals")
struct InternalsTests {
  @Test func quickAreasReadsTheStoredList() {
    #expect(Ledger.quickAreas(#"{"areas":["north","south"],"id":"P1"}"#) == ["north", "south"])
    #expect(Ledger.quickAreas(#"{"areas":[],"id":"P1"}"#) == [])
    // Escapes and missing keys defer to the full decoder.
    #expect(Ledger.quickAreas(#"{"areas":["no\"rth"]}"#) == nil)
    #expect(Ledger.quickAreas(#"{"id":"P1"}"#) == nil)
  }
}
