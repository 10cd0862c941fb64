package dev.sluice.frontend;

import dev.sluice.llm.LiveWorkers;
import dev.sluice.llm.ModelInfo;
import dev.sluice.llm.ModelRegistry;
import dev.sluice.llm.PreprocessorOperator;
import dev.sluice.llm.ServedModel;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.ModelCard;
import dev.sluice.runtime.ResponseStream;
import dev.sluice.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A served model whose worker always generates the same text, one engine output per piece, behind the real
 * preprocessor: frontend tests choose what the model says.
 */
final class ScriptedModel implements ModelRegistry {
    static final String NAME = "scripted";

    private final ServedModel served;

    ScriptedModel(List<String> pieces) {
        ModelInfo info = new ModelInfo(NAME, 4096, new CharTokenizer(), chat -> "prompt", List.of(), "sum");
        var engine = new PreprocessorOperator(info).link((request, context) -> {
            List<EngineOutput> outputs = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                String piece = pieces.get(i);
                outputs.add(
                        i + 1 < pieces.size()
                                ? EngineOutput.tokens(1).withText(piece)
                                : EngineOutput.finished(FinishReason.EOS, 1).withText(piece));
            }
            return ResponseStream.of(outputs);
        });
        served = new ServedModel(new ModelCard(NAME, 4096, 16, "/scripted", "sum"), info, new LiveWorkers(), engine);
    }

    @Override
    public Optional<ServedModel> model(String name) {
        return NAME.equals(name) ? Optional.of(served) : Optional.empty();
    }

    @Override
    public List<ServedModel> models() {
        return List.of(served);
    }

    /** One token per UTF-16 unit: enough for prompts the scripted worker never reads. */
    private static final class CharTokenizer implements Tokenizer {
        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            return text.chars().toArray();
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            StringBuilder sb = new StringBuilder();
            for (int id : ids) {
                sb.append((char) id);
            }
            return sb.toString();
        }

        @Override
        public int vocabSize() {
            return 1 << 16;
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.empty();
        }

        @Override
        public boolean isSpecial(int id) {
            return false;
        }

        @Override
        public int[] ordinaryTokenIds() {
            return new int[0];
        }
    }
}
