package io.github.invertible.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Help with the options in named sections (model, schedule, ...) instead of one flat list. Done with picocli's
 * help-section map rather than {@code @ArgGroup}s, so the options stay plain fields of the command (its tests and
 * the code reading them are unchanged); options not named in a section are listed last under "Other options".
 */
final class OptionSections {
    private OptionSections() {
    }

    /** A command whose help lists its options in sections: heading to the options' longest names, in order. */
    interface Sectioned {
        Map<String, List<String>> optionSections();
    }

    /** Replaces the option list of {@code cmd} (and of its subcommands that are {@link Sectioned}). */
    static void apply(CommandLine cmd) {
        if (cmd.getCommand() instanceof Sectioned s) {
            apply(cmd, s.optionSections());
        }
        cmd.getSubcommands().values().forEach(OptionSections::apply);
    }

    static void apply(CommandLine cmd, Map<String, List<String>> sections) {
        var spec = cmd.getCommandSpec();
        for (List<String> names : sections.values()) {
            for (String n : names) {
                if (spec.findOption(n) == null) {
                    throw new IllegalStateException(spec.name() + ": no option " + n + " for its help sections");
                }
            }
        }
        cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            Map<String, List<OptionSpec>> shown = new LinkedHashMap<>();
            Set<OptionSpec> listed = new LinkedHashSet<>();
            sections.forEach((heading, names) -> {
                List<OptionSpec> options = names.stream().map(spec::findOption).toList();
                shown.put(heading, options);
                listed.addAll(options);
            });
            shown.put("Other options", spec.options().stream()
                    .filter(o -> !o.hidden() && !listed.contains(o)).toList());
            StringBuilder sb = new StringBuilder();
            shown.forEach((heading, options) -> {
                Help.Layout layout = help.createDefaultLayout();
                options.forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
                sb.append(String.format("%n%s:%n", heading)).append(layout);
            });
            return sb.toString();
        });
    }
}
