/**
 * The Python of Kairo's seeded, stratified test split (src/engine/data/holdOut.ts), for the data
 * sources that can come without a separate test set (tables, image folders). It uses the seeded
 * generator and shuffle of the dataset-choices section (pythonData.ts), which every script has.
 */
export const HOLD_OUT_CODE = `TEST_STREAM = 0xFFFFFFFE


def hold_out_test(labels, class_count, fraction, seed):
    """Kairo's seeded, stratified test split of data without a separate test set: (train indices, test indices), each in data order."""
    random = mulberry32(mix_seeds(seed, TEST_STREAM))
    is_test = [False] * len(labels)
    for label in range(class_count):
        members = shuffled([index for index, value in enumerate(labels) if value == label], random)
        take = 0 if len(members) < 2 else min(len(members) - 1, max(1, math.floor(len(members) * fraction + 0.5)))
        for index in members[:take]:
            is_test[index] = True
    return [i for i in range(len(labels)) if not is_test[i]], [i for i in range(len(labels)) if is_test[i]]`;
