/** The file as a whole cannot be imported (unreadable, wrong format, missing columns); nothing is written. */
export class WeeklySheetError extends Error {}
