fn main() {
    altogic_auth::start();
}
