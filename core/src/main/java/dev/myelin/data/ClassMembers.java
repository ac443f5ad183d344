package dev.myelin.data;

/** The sample indices of each class, for the stratified splits and folds. Stateless; thread-safe. */
final class ClassMembers {
    private ClassMembers() {
    }

    /**
     * {@code [numClasses][]}: row c holds, in increasing order, the indices i with {@code labels[i] == c}; every label must
     * be in [0, numClasses).
     */
    static int[][] of(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] members = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][fill[labels[i]]++] = i;
        }
        return members;
    }
}
