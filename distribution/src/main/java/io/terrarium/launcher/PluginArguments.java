package io.terrarium.launcher;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The command line of python.d.plugin, read as python.d.plugin reads it: the first all-digit argument whose value
 * is at least 1 is the minimum {@code update_every}; the first {@code debug}, {@code trace} and {@code nolock} are
 * switches; every other word (a repeated switch, {@code 0}, a second number) is a module name.
 *
 * @param updateEveryMin the minimum update_every (1 when no number was given)
 * @param debug          {@code debug} was given
 * @param trace          {@code trace} was given
 * @param nolock         {@code nolock} was given
 * @param modules        module names in the order given, without repeats; empty means all enabled modules
 */
record PluginArguments(int updateEveryMin, boolean debug, boolean trace, boolean nolock, List<String> modules) {

    static final PluginArguments NONE = new PluginArguments(1, false, false, false, List.of());

    PluginArguments {
        modules = List.copyOf(modules);
    }

    static PluginArguments parse(List<String> argv) {
        List<String> words = new ArrayList<>(argv);
        int updateEvery = 1;
        for (int i = 0; i < words.size(); i++) {
            BigInteger n = positiveNumber(words.get(i));
            if (n != null) {
                updateEvery = n.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
                words.remove(i);
                break;
            }
        }
        boolean debug = words.remove("debug");
        boolean trace = words.remove("trace");
        boolean nolock = words.remove("nolock");
        return new PluginArguments(updateEvery, debug, trace, nolock, new ArrayList<>(new LinkedHashSet<>(words)));
    }

    /** python's {@code v.isdigit() and int(v) >= 1}, for ASCII digits. */
    private static BigInteger positiveNumber(String word) {
        if (word.isEmpty() || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        BigInteger n = new BigInteger(word);
        return n.signum() > 0 ? n : null;
    }
}
