//! A server URL with `{variables}`, as the spec's first server declares it.

/// The spec's first server when its URL has variables
/// (`https://{region}.api.example.com/{version}`): the builder's setters for
/// them fill the URL in, the others keep their defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerTemplate {
    /// The URL as the spec writes it, with `{name}` for each variable.
    pub url: &'static str,
    /// Each variable's name and default, in spec order.
    pub variables: &'static [(&'static str, &'static str)],
}

impl ServerTemplate {
    /// The URL with each variable given in `given` (name, value) and the
    /// default for the others.
    ///
    /// # Errors
    ///
    /// The name of a variable in `given` that the server does not declare.
    pub fn url_with(&self, given: &[(String, String)]) -> Result<String, String> {
        if let Some((unknown, _)) = given
            .iter()
            .find(|(name, _)| self.variables.iter().all(|(known, _)| known != name))
        {
            return Err(unknown.clone());
        }
        let mut url = self.url.to_owned();
        for (name, default) in self.variables {
            // The last value given for a name wins, as with every builder setter.
            let value = given
                .iter()
                .rev()
                .find(|(given, _)| given == name)
                .map_or(*default, |(_, value)| value.as_str());
            url = url.replace(&format!("{{{name}}}"), value);
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONAL: ServerTemplate = ServerTemplate {
        url: "https://{region}.api.example.com/{version}",
        variables: &[("region", "eu"), ("version", "v2")],
    };

    fn given(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn variables_not_given_keep_their_defaults_and_the_last_value_given_wins() {
        assert_eq!(
            REGIONAL.url_with(&[]),
            Ok("https://eu.api.example.com/v2".to_owned())
        );
        assert_eq!(
            REGIONAL.url_with(&given(&[("region", "us"), ("region", "ap")])),
            Ok("https://ap.api.example.com/v2".to_owned())
        );
    }

    #[test]
    fn an_undeclared_variable_is_named() {
        assert_eq!(
            REGIONAL.url_with(&given(&[("zone", "b")])),
            Err("zone".to_owned())
        );
    }
}
