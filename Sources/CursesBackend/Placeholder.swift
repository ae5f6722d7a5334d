import CNCursesW
public enum CursesPlaceholder { public static func ok() -> Int32 { cx_ok() } }
