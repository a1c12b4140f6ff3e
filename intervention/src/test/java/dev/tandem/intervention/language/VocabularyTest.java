package dev.tandem.intervention.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.intervention.language.CorrectionParser.Dir;
import dev.tandem.intervention.language.CorrectionParser.DirItem;
import dev.tandem.intervention.language.CorrectionParser.Level;
import dev.tandem.intervention.language.CorrectionParser.MagItem;
import dev.tandem.intervention.language.CorrectionParser.TooFar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser's vocabulary file: its format, and the errors a bad entry gets. */
class VocabularyTest {

  @Test
  void entriesContinuationsCompoundsNumbersAndUnitsAreRead() {
    Vocabulary v =
        Vocabulary.parse(
            "test.txt",
            """
            # a comment
            dir LEFT: left | to the
              | left side
            mag SMALL(a bit) + too-far: a bit too far
            count: zero | one | two
            number 0.5: half a
            unit 0.01: cm
            """);
    assertThat(v.phrases().get("left")).containsExactly(new DirItem(Dir.LEFT));
    assertThat(v.phrases().get("to the left side")).isNull();
    assertThat(v.phrases().get("left side")).containsExactly(new DirItem(Dir.LEFT));
    assertThat(v.phrases().get("a bit too far"))
        .containsExactly(new MagItem(Level.SMALL, "a bit"), new TooFar());
    assertThat(v.numbers()).containsEntry("two", 2.0).containsEntry("half a", 0.5);
    assertThat(v.units()).containsEntry("cm", 0.01);
    assertThat(v.maxPhraseTokens()).isEqualTo(4);
  }

  @Test
  void aBadEntryNamesTheFileLineAndWhatWasExpected() {
    assertThatThrownBy(() -> Vocabulary.parse("v.txt", "dir LEFT: left\ndir SIDEWAYS: over\n"))
        .hasMessageStartingWith("v.txt:2: ")
        .hasMessageContaining("SIDEWAYS");
    assertThatThrownBy(() -> Vocabulary.parse("v.txt", "dir LEFT: left\nfiller: left\n"))
        .hasMessage("v.txt:2: the phrase 'left' appears twice");
    assertThatThrownBy(() -> Vocabulary.parse("v.txt", "wobble: x\n"))
        .hasMessageStartingWith("v.txt:1: found the meaning 'wobble'");
    assertThatThrownBy(() -> Vocabulary.parse("v.txt", "dir LEFT: Left\n"))
        .hasMessageContaining("expected lower-case words");
  }

  @Test
  void theShippedVocabularyLoadsAndKeepsItsCompounds() {
    Vocabulary v = Vocabulary.load();
    assertThat(v.phrases()).hasSizeGreaterThan(300);
    assertThat(v.phrases().get("further away")).hasSize(2);
    assertThat(v.phrases().get("pick it up")).hasSize(2);
    assertThat(v.numbers()).containsEntry("twenty", 20.0);
    assertThat(List.of(v.units().get("inch"))).containsExactly(0.0254);
  }
}
